using System.Diagnostics;
using ChimeLogger.Instrumentation;

namespace ChimeLogger;

// Asynchronous work by hand: the same completion that generated [Operate], [Create] and [ChildSpan] wrappers use.
public readonly partial struct HelixToken
{
    /// <summary>
    /// Ends this span when <paramref name="task"/> completes, not now: <c>await tel.Operate("classify", id, "event").Track(ClassifyAsync(id, ct), ct)</c>.
    /// </summary>
    /// <remarks>
    /// <para>The span that was current before this one opened becomes current again at once, so that the caller's
    /// next spans are not children of work still running; the work itself keeps this span as its current span, since
    /// it captured it when it started.</para>
    /// <para>An exception the task ends with is recorded as <see cref="RecordException(Exception, CancellationToken)"/>
    /// records it (an <see cref="OperationCanceledException"/> while <paramref name="cancellationToken"/> is cancelled
    /// is a requested stop, not an error) and reaches the awaiting code unchanged. A task that has already completed
    /// ends the span at once and is returned as it is.</para>
    /// <para>Only the task is followed: if the call that makes it throws before returning one (a method that is not
    /// <see langword="async"/> may), <c>Track</c> is never called; end the span yourself there, for example with
    /// <see cref="Error(string, string?)"/> in a <see langword="catch"/>.</para>
    /// </remarks>
    /// <param name="task">The work's task.</param>
    /// <param name="cancellationToken">The cancellation token the work was given, if any.</param>
    /// <returns>A task that completes as <paramref name="task"/> does, once the span has ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    public Task Track(Task task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return SpanCompletion.EndWhenCompleted(task, this, ActivityToResume(), cancellationToken);
    }

    /// <summary>Ends this span when <paramref name="task"/> completes, as <see cref="Track(Task, CancellationToken)"/> does.</summary>
    /// <typeparam name="T">The task's result type.</typeparam>
    /// <param name="task">The work's task.</param>
    /// <param name="cancellationToken">The cancellation token the work was given, if any.</param>
    /// <returns>A task that completes as <paramref name="task"/> does (with its result), once the span has ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    public Task<T> Track<T>(Task<T> task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return SpanCompletion.EndWhenCompleted(task, this, ActivityToResume(), cancellationToken);
    }

    /// <summary>Ends this span when <paramref name="task"/> completes, as <see cref="Track(Task, CancellationToken)"/> does.</summary>
    /// <param name="task">The work's value task; await what is returned, not this one.</param>
    /// <param name="cancellationToken">The cancellation token the work was given, if any.</param>
    /// <returns>A value task that completes as <paramref name="task"/> does, once the span has ended.</returns>
    public ValueTask Track(ValueTask task, CancellationToken cancellationToken = default) =>
        SpanCompletion.EndWhenCompleted(task, this, ActivityToResume(), cancellationToken);

    /// <summary>Ends this span when <paramref name="task"/> completes, as <see cref="Track(Task, CancellationToken)"/> does.</summary>
    /// <typeparam name="T">The value task's result type.</typeparam>
    /// <param name="task">The work's value task; await what is returned, not this one.</param>
    /// <param name="cancellationToken">The cancellation token the work was given, if any.</param>
    /// <returns>A value task that completes as <paramref name="task"/> does (with its result), once the span has ended.</returns>
    public ValueTask<T> Track<T>(ValueTask<T> task, CancellationToken cancellationToken = default) =>
        SpanCompletion.EndWhenCompleted(task, this, ActivityToResume(), cancellationToken);

    // The span current before this one opened: the operate's caller (an operate is a root, docs/helix-contract.md §1),
    // or the parent of a create or child span. When this span is no longer current, the code has moved on: leave it be.
    private Activity? ActivityToResume()
    {
        Activity? current = System.Diagnostics.Activity.Current;
        return _activity is not null && ReferenceEquals(current, _activity) ? _resumeOnEnd ?? _activity.Parent : current;
    }
}
