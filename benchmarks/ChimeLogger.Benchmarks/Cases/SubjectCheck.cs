using System.Diagnostics;

namespace ChimeLogger.Benchmarks.Cases;

/// <summary>
/// Checks, once in each benchmark's setup, that the subjects do what they are compared for; a benchmark that
/// measured a span nobody opened would be worse than none.
/// </summary>
internal static class SubjectCheck
{
    private static readonly string[] s_operateKeys =
    [
        HelixAttributes.IsOperation, HelixAttributes.EntityId, HelixAttributes.InstrumentId,
        HelixAttributes.ResourceType, HelixAttributes.Pipeline, HelixAttributes.Site,
    ];

    /// <summary>Each call must record exactly one span carrying every operate attribute as a string, and leave no span current.</summary>
    public static void SpansAreRecorded(ChimeTracer tracer, params Action[] calls)
    {
        if (!tracer.IsListening)
        {
            throw new InvalidOperationException("The tracer does not listen: the listening benchmarks would measure nothing.");
        }

        List<Activity> stopped = [];
        using ActivityListener listener = new()
        {
            ShouldListenTo = source => source.Name == ChimeTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        for (int i = 0; i < calls.Length; i++)
        {
            stopped.Clear();
            calls[i]();
            if (stopped.Count != 1)
            {
                throw new InvalidOperationException($"Subject {i} recorded {stopped.Count} spans instead of 1.");
            }

            foreach (string key in s_operateKeys)
            {
                if (stopped[0].GetTagItem(key) is not string)
                {
                    throw new InvalidOperationException($"Subject {i} did not set '{key}' as a string.");
                }
            }

            if (Activity.Current is not null)
            {
                throw new InvalidOperationException($"Subject {i} left a span current.");
            }
        }
    }
}
