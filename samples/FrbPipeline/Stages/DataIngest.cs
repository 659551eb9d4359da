using ChimeLogger;
using Microsoft.Extensions.Logging;

namespace FrbPipeline.Stages;

/// <summary>Registers raw data blocks as they arrive from the correlator.</summary>
public sealed partial class DataIngest(ILogger logger, Random random)
{
    [Create("ingest", ResourceType = "raw_data")]
    public partial RawDataBlock Ingest([ResourceName] string blockId, int firstBeam, int beamCount);

    private RawDataBlock IngestCore(string blockId, int firstBeam, int beamCount)
    {
        DateTimeOffset start = new DateTimeOffset(2026, 11, 27, 6, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(0, 86_400));
        logger.LogInformation("Raw data block {BlockId} received: beams {FirstBeam}-{LastBeam}", blockId, firstBeam, firstBeam + beamCount - 1);
        return new RawDataBlock(blockId, firstBeam, beamCount, start);
    }
}
