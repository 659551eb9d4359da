namespace ChimeLogger.Export;

/// <summary>What became of one send of a kept batch (<see cref="BatchSender"/>).</summary>
internal enum SendOutcome
{
    /// <summary>The herald took it.</summary>
    Accepted,

    /// <summary>The herald answered with a final refusal (Unauthenticated, invalid, a refused certificate): it is not sent again.</summary>
    Refused,

    /// <summary>No answer, or a transient one: the batch is kept for another attempt.</summary>
    Failed,
}
