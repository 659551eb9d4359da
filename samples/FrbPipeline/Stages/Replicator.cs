using ChimeLogger;
using Microsoft.Extensions.Logging;

namespace FrbPipeline.Stages;

/// <summary>
/// Copies an event's data to each site. Timeouts are recoverable: each is recorded with
/// <see cref="HelixToken.AddError(IEnumerable{KeyValuePair{string, object?}}?)"/> and the copy is retried; after the
/// last attempt the operation ends with <see cref="HelixToken.Error(IEnumerable{KeyValuePair{string, object?}}?)"/>.
/// </summary>
public sealed partial class Replicator(ILogger logger, Random random)
{
    public const int MaxAttempts = 3;

    [Operate("replicate", ResourceType = "event")]
    public partial Task<bool> ReplicateAsync([ResourceName] string eventId, [SpanAttribute("destination")] string destination, CancellationToken cancellationToken);

    private async Task<bool> ReplicateAsyncCore(string eventId, string destination, CancellationToken cancellationToken, HelixToken token)
    {
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            await Task.Delay(random.Next(1, 3), cancellationToken);
            if (random.NextDouble() < 0.25)
            {
                // A stable class in "message" for the herald's notification de-duplication; the detail apart.
                token.AddError(new Dictionary<string, object?>
                {
                    ["message"] = "replication_timeout",
                    ["destination"] = destination,
                    ["attempt"] = attempt,
                });
                logger.LogWarning("Copy of {EventId} to {Destination} timed out (attempt {Attempt} of {MaxAttempts})", eventId, destination, attempt, MaxAttempts);
                continue;
            }

            logger.LogInformation("Copied {EventId} to {Destination}", eventId, destination);
            return true;
        }

        logger.LogError("Gave up copying {EventId} to {Destination} after {MaxAttempts} attempts", eventId, destination, MaxAttempts);
        token.Error(new Dictionary<string, object?> { ["message"] = "replication_failed", ["destination"] = destination, ["attempts"] = MaxAttempts });
        return false;
    }
}
