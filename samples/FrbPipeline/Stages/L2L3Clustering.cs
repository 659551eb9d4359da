using ChimeLogger;
using Microsoft.Extensions.Logging;

namespace FrbPipeline.Stages;

/// <summary>L2/L3: groups coincident beam candidates into one event, whose parents are those beams.</summary>
public sealed partial class L2L3Clustering(ILogger logger)
{
    [Create("l2l3-clustering", ResourceType = "event")]
    public partial EventCandidate Cluster([ResourceName("EventId"), Parents("BeamIds")] EventCandidate candidate);

    private EventCandidate ClusterCore(EventCandidate candidate)
    {
        DeduplicateBeams(candidate);
        logger.LogInformation("Event {EventId} from {BeamCount} beams, DM {Dm}, S/N {Snr}",
            candidate.EventId, candidate.BeamIds.Count, candidate.Dm, candidate.Snr);
        return candidate;
    }

    [ChildSpan("beam-deduplication")]
    private partial void DeduplicateBeams(EventCandidate candidate);

    private void DeduplicateBeamsCore(EventCandidate candidate) =>
        logger.LogDebug("Sidelobe check kept {BeamCount} beams of {EventId}", candidate.BeamIds.Count, candidate.EventId);
}
