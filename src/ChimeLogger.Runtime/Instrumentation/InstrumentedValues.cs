using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Instrumentation;

/// <summary>
/// How generated code reads and formats the values that <c>[ResourceName]</c>, <c>[Parents]</c> and
/// <c>[SpanAttribute]</c> point at. Not meant to be called by hand: the source generator writes the calls.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class InstrumentedValues
{
    /// <summary>
    /// Reads the parent ids of a span once, so that reading them can neither break the call nor run a lazy sequence's
    /// side effects a second time. A collection (an array, a list, any <see cref="ICollection{T}"/> or
    /// <see cref="IReadOnlyCollection{T}"/>) is returned as it is and its ids copied for the span; any other sequence is
    /// enumerated once into a list, which is returned, so that the method's body can be given that list. If reading
    /// throws, the span gets no parent ids, a warning names the method and the exception, and what is returned replays
    /// for its first enumeration what was read and then the same exception, as the caller's sequence would have.
    /// </summary>
    /// <param name="parents">The value of the <c>[Parents]</c> parameter or member.</param>
    /// <param name="method">The instrumented method, for the warning.</param>
    /// <param name="ids">The parent ids for the span, or <see langword="null"/> when there are none or reading failed.</param>
    /// <returns>What the method's body is given in place of <paramref name="parents"/> when its type allows it.</returns>
    [return: NotNullIfNotNull(nameof(parents))]
    public static IEnumerable<string?>? ReadParents(IEnumerable<string?>? parents, string method, out IReadOnlyList<string?>? ids)
    {
        ids = null;
        if (parents is null)
        {
            return null;
        }

        // Arrays and non-default immutable arrays cannot throw while enumerated: their ids are used as they are, with no copy.
        if (parents is string?[] array)
        {
            ids = array;
            return parents;
        }

        if (parents is System.Collections.Immutable.ImmutableArray<string?> { IsDefault: false } immutable)
        {
            ids = immutable;
            return parents;
        }

        bool isCollection = parents is ICollection<string?> or IReadOnlyCollection<string?>;
        List<string?> read = new();
        try
        {
            // Count is read inside the try: a default ImmutableArray<string> throws on Count as on enumeration.
            read.Capacity = parents switch
            {
                ICollection<string?> collection => SafeCount(collection.Count),
                IReadOnlyCollection<string?> collection => SafeCount(collection.Count),
                _ => 0,
            };
            foreach (string? id in parents)
            {
                read.Add(id);
            }
        }
        catch (Exception exception)
        {
            ReportUnreadableParents(method, exception);
            return isCollection
                ? parents
                : new FailedRead(parents, read, ExceptionDispatchInfo.Capture(exception));
        }

        ids = read;
        return isCollection ? parents : read;
    }

    private static int SafeCount(int count) => count is > 0 and <= 4096 ? count : 0;

    private static void ReportUnreadableParents(string method, Exception exception) =>
        ProcessTracerWarnings.UnreadableParents(method, exception);

    // Values are read before the span opens, so there is no span yet to lead to its tracer: the warning goes to the tracer
    // generated code is about to open the span with, the process tracer it has just read from ChimeTelemetry.Tracer. These
    // helpers are generated code's own, on its side of the façade.
    private static SpanWarnings ProcessTracerWarnings => ChimeTelemetry.Tracer?.Spans.Warnings ?? SpanWarnings.Silent;

    /// <summary>
    /// A lazy sequence whose one enumeration threw: the first enumeration replays what was read, then the exception,
    /// exactly as the caller's sequence did; later enumerations go to the caller's sequence again, as they would have.
    /// </summary>
    private sealed class FailedRead(IEnumerable<string?> source, List<string?> read, ExceptionDispatchInfo failure) : IEnumerable<string?>
    {
        private int _replayed;

        public IEnumerator<string?> GetEnumerator() =>
            Interlocked.Exchange(ref _replayed, 1) == 0 ? Replay() : source.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private IEnumerator<string?> Replay()
        {
            foreach (string? id in read)
            {
                yield return id;
            }

            failure.Throw();
        }
    }
}
