using ChimeLogger;
using Microsoft.Extensions.Logging;

namespace FrbPipeline.Stages;

/// <summary>The per-beam L1 dedispersion search: one beam candidate per detection, parented by its data block.</summary>
public sealed partial class L1Search(ILogger logger, Random random)
{
    [Create("l1-search", ResourceType = "n2_acquisition")]
    public partial Task<BeamCandidate> SearchAsync(
        [ResourceName] string beamId,
        [Parents] string blockId,
        [SpanAttribute("helix.chime.beam_no")] int beam,
        CancellationToken cancellationToken);

    private async Task<BeamCandidate> SearchAsyncCore(string beamId, string blockId, int beam, CancellationToken cancellationToken)
    {
        await Task.Delay(random.Next(1, 4), cancellationToken);
        double dm = Math.Round(100 + random.NextDouble() * 1400, 1);
        double snr = Math.Round(8 + random.NextDouble() * 30, 2);
        // The CHIME monitor plots read helix.chime.dm, helix.chime.snr and helix.chime.beam_no from the entity (docs/helix-contract.md §1).
        HelixToken.Current?.SetAttribute("helix.chime.dm", dm);
        HelixToken.Current?.SetAttribute("helix.chime.snr", snr);
        logger.LogInformation("Beam {Beam}: candidate at DM {Dm} pc/cm3, S/N {Snr}", beam, dm, snr);
        return new BeamCandidate(beamId, blockId, beam, dm, snr);
    }
}
