namespace ChimeLogger.Benchmarks.Subjects;

/// <summary>
/// The body every variant of the registrar runs: a few nanoseconds of real work on the event id, so that
/// the JIT can neither delete a call nor fold the variants into one another.
/// </summary>
internal static class EventWork
{
    public const string Operation = "register";
    public const string ResourceType = "event";

    public static int Checksum(string eventId, int seed)
    {
        int hash = seed;
        foreach (char c in eventId)
        {
            hash = (hash * 31) + c;
        }

        return hash;
    }

    /// <summary>A completed task whose result is rarely a cached one, so that every variant allocates it alike.</summary>
    public static Task<int> ChecksumTask(string eventId, int seed) => Task.FromResult(Checksum(eventId, seed) | 0x4000_0000);

    /// <summary>Work that really completes later: the task is returned unfinished and the span must follow it.</summary>
    public static async Task<int> ChecksumLaterAsync(string eventId, int seed)
    {
        await Task.Yield();
        return Checksum(eventId, seed);
    }
}
