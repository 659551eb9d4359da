using System.Diagnostics;
using System.Runtime.InteropServices;
using ChimeLogger.Tracing;

namespace ChimeLogger.Lifetime;

/// <summary>
/// Why the process ends while helix spans may still be open, and how those spans are ended so that the herald learns the
/// work did not finish: each open create or operate span gets a <c>helix.error</c> whose <c>message</c> is a stable class
/// (<see cref="TerminatedBySignal"/>, <see cref="ProcessExited"/>, <see cref="ProcessCrashed"/>), whose <c>stage</c> is
/// the span's name, and whose other keys give the detail (docs/helix-contract.md §2: the herald de-duplicates on
/// <c>message</c> and <c>stage</c>, so what varies goes elsewhere).
/// </summary>
internal sealed class ProcessEnding
{
    /// <summary>The <c>message</c> of a span ended because the process received SIGTERM, SIGINT or SIGHUP.</summary>
    public const string TerminatedBySignal = "terminated_by_signal";

    /// <summary>The <c>message</c> of a span still open when the process exited (<c>Main</c> returned, <c>Environment.Exit</c>).</summary>
    public const string ProcessExited = "process_exited";

    /// <summary>The <c>message</c> of a span open on another thread than the one whose unhandled exception ended the process.</summary>
    public const string ProcessCrashed = "process_crashed";

    /// <summary>The key naming the signal (<c>SIGTERM</c>, <c>SIGINT</c>, <c>SIGHUP</c>).</summary>
    public const string SignalKey = "signal";

    /// <summary>The key of the sentence that explains the error.</summary>
    public const string DetailKey = "detail";

    private readonly string _message;
    private readonly string? _signal;
    private readonly Exception? _crash;
    private readonly string _detail;

    private ProcessEnding(string message, string? signal, Exception? crash, string detail)
    {
        _message = message;
        _signal = signal;
        _crash = crash;
        _detail = detail;
    }

    /// <summary>The signal's name, for a process ended by one.</summary>
    public string? Signal => _signal;

    public static ProcessEnding BySignal(PosixSignal signal)
    {
        string name = NameOf(signal);
        return new(TerminatedBySignal, name, null, $"the process received {name} while this span was open");
    }

    public static ProcessEnding ByExit() =>
        new(ProcessExited, null, null, "the process exited (Main returned or Environment.Exit was called) while this span was open");

    public static ProcessEnding ByCrash(Exception? exception) =>
        new(ProcessCrashed, null, exception, $"an unhandled {exception?.GetType().Name ?? "exception"} on another thread ended the process while this span was open");

    /// <summary>The usual name of a signal, as <c>kill -l</c> and schedulers write it.</summary>
    public static string NameOf(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGTERM => "SIGTERM",
        PosixSignal.SIGINT => "SIGINT",
        PosixSignal.SIGHUP => "SIGHUP",
        PosixSignal.SIGQUIT => "SIGQUIT",
        _ => "signal " + ((int)signal).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Ends every span of <paramref name="spans"/> still open, on whatever thread it was started, innermost first. On a
    /// crash, the spans open on the crashing thread (the current one) get the exception itself, as an exception escaping
    /// them would have recorded it (unless their code recorded it already); every other open span gets this ending's
    /// <c>helix.error</c>. A child span is ended with status Error only: the herald ignores events on child spans, so its
    /// enclosing entity span, ended here too, names it in <c>child_span</c>. Spans that have ended are not touched.
    /// </summary>
    public void EndOpenSpans(OpenSpans spans)
    {
        if (_crash is not null)
        {
            EndCrashingThreadSpans(_crash);
        }

        List<Activity> open = spans.Snapshot();
        if (open.Count == 0)
        {
            return;
        }

        // The innermost open child span of each entity span: the step the work was in.
        Dictionary<Activity, (Activity Child, int Depth)> steps = new(ReferenceEqualityComparer.Instance);
        foreach (Activity span in open)
        {
            if (HelixSpanKinds.Of(span) == HelixSpanKind.Child && HelixSpanKinds.FindEntitySpan(span.Parent) is { } entity)
            {
                int depth = DepthOf(span);
                if (!steps.TryGetValue(entity, out (Activity Child, int Depth) step) || step.Depth < depth)
                {
                    steps[entity] = (span, depth);
                }
            }
        }

        // Innermost first, so that no span ends before a span under it.
        open.Sort((a, b) => DepthOf(b).CompareTo(DepthOf(a)));
        foreach (Activity span in open)
        {
            if (span.IsStopped)
            {
                continue; // its own code ended it meanwhile
            }

            if (span.IsAllDataRequested)
            {
                if (HelixSpanKinds.Of(span) == HelixSpanKind.Child)
                {
                    span.SetStatus(ActivityStatusCode.Error, _message);
                }
                else
                {
                    ActivityTagsCollection error = new()
                    {
                        [HelixAttributes.MessageKey] = _message,
                        [DetailKey] = _detail,
                    };
                    if (_signal is not null)
                    {
                        error[SignalKey] = _signal;
                    }

                    if (_crash is not null)
                    {
                        error[HelixErrors.ExceptionType] = _crash.GetType().FullName ?? _crash.GetType().Name;
                    }

                    if (steps.TryGetValue(span, out (Activity Child, int Depth) step))
                    {
                        error[HelixErrors.ChildSpanKey] = step.Child.DisplayName;
                    }

                    HelixErrors.Record(span, error, _message);
                }
            }

            span.Stop();
        }
    }

    // The spans open on the crashing thread: their own code will not end them (an unhandled exception terminates before
    // finally blocks run). The exception is recorded on those that have no error yet: the exception filters of generated
    // code have recorded it already where it escaped an instrumented method.
    private static void EndCrashingThreadSpans(Exception exception)
    {
        for (Activity? activity = Activity.Current; activity is not null; activity = activity.Parent)
        {
            HelixSpanKind kind = HelixSpanKinds.Of(activity);
            if (kind == HelixSpanKind.None || activity.IsStopped)
            {
                continue;
            }

            if (activity.IsAllDataRequested && activity.Status != ActivityStatusCode.Error)
            {
                if (kind == HelixSpanKind.Child)
                {
                    HelixErrors.RecordChildException(activity, exception);
                }
                else
                {
                    HelixErrors.RecordException(activity, exception);
                }
            }

            activity.Stop();
        }
    }

    private static int DepthOf(Activity span)
    {
        int depth = 0;
        for (Activity? parent = span.Parent; parent is not null; parent = parent.Parent)
        {
            depth++;
        }

        return depth;
    }
}
