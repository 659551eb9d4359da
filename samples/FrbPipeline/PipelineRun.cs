using ChimeLogger;
using FrbPipeline.Stages;
using Microsoft.Extensions.Logging;

namespace FrbPipeline;

/// <summary>What one run of the simulated pipeline did, as the pipeline itself counts it.</summary>
public sealed record RunCounts(int Blocks, int Beams, int Events, int Replications, int FailedConversions, int UnhandledErrors);

/// <summary>
/// Drives a deterministic CHIME/FRB flow: raw data blocks, L1 beam candidates, L2/L3 events, classification,
/// registration, replication to the sites and conversion. The same seed gives the same entities and errors.
/// </summary>
public sealed class PipelineRun(ChimeTracer tracer, int events, int seed)
{
    public static readonly string[] Destinations = ["chime-archive", "kko", "gbo", "hco"];

    public async Task<RunCounts> RunAsync(CancellationToken cancellationToken)
    {
        Random random = new(seed);
        ILogger driver = tracer.CreateLogger("FrbPipeline.Driver");
        DataIngest ingest = new(tracer.CreateLogger("CHIME.ingest"), random);
        L1Search l1 = new(tracer.CreateLogger("CHIME.l1"), random);
        L2L3Clustering l2l3 = new(tracer.CreateLogger("CHIME.l2l3"));
        Classifier classifier = new(tracer.CreateLogger("CHIME.classifier"), random);
        Registrar registrar = new(tracer.CreateLogger("CHIME.registration"));
        Replicator replicator = new(tracer.CreateLogger("CHIME.replication"), random);
        Converter converter = new(tracer.CreateLogger("FrbPipeline.Conversion"), random);
        KnownSourceAssociation association = new(tracer, tracer.CreateLogger("CHIME.association"));

        int progressEvery = Math.Max(1, events / 20);
        int blocks = 0, beams = 0, replications = 0, failedConversions = 0, unhandled = 0;
        List<Classification> classified = [];
        driver.LogInformation("Run of {Events} events with seed {Seed} at site {Site}", events, seed, tracer.Site);

        for (int i = 0; i < events; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int firstBeam = random.Next(0, 4) * 1000 + random.Next(0, 200);
            string blockId = $"astro_{seed}_{i:D4}";
            RawDataBlock block = ingest.Ingest(blockId, firstBeam, beamCount: 16);
            blocks++;

            int beamCount = random.Next(2, 5);
            List<BeamCandidate> candidates = [];
            for (int b = 0; b < beamCount; b++)
            {
                int beam = block.FirstBeam + random.Next(0, block.BeamCount);
                candidates.Add(await l1.SearchAsync($"{blockId}-beam{beam:D4}-{b}", block.BlockId, beam, cancellationToken));
                beams++;
            }

            string eventId = $"evt-{seed}-{i:D5}";
            EventCandidate candidate = l2l3.Cluster(new EventCandidate(
                eventId,
                candidates.Select(c => c.BeamId).ToArray(),
                Math.Round(candidates.Average(c => c.Dm), 1),
                Math.Round(candidates.Max(c => c.Snr), 2)));

            Classification verdict = classifier.Classify(candidate.EventId, candidate.Dm, candidate.Snr);
            classified.Add(verdict);
            registrar.Register(candidate.EventId, verdict.Class);

            foreach (string destination in Destinations)
            {
                await replicator.ReplicateAsync(candidate.EventId, destination, cancellationToken);
                replications++;
            }

            try
            {
                if (!converter.Convert(candidate.EventId, candidate.BeamIds.Count))
                {
                    failedConversions++;
                }
            }
            catch (InvalidDataException ex)
            {
                // Already recorded on the spans by the generated code; the pipeline moves on to the next event.
                unhandled++;
                driver.LogError("Conversion of {EventId} aborted: {Error}", candidate.EventId, ex.Message);
            }

            if ((i + 1) % progressEvery == 0 || i + 1 == events)
            {
                driver.LogInformation("Progress {Done}/{Total}: {EventId} done", i + 1, events, candidate.EventId);
            }
        }

        association.Associate(classified);
        return new RunCounts(blocks, beams, events, replications, failedConversions, unhandled);
    }
}
