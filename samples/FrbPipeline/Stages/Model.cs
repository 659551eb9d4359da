namespace FrbPipeline.Stages;

/// <summary>A block of raw intensity data written by the correlator for a group of beams.</summary>
public sealed record RawDataBlock(string BlockId, int FirstBeam, int BeamCount, DateTimeOffset Start);

/// <summary>A single-beam L1 candidate: a dispersed pulse found by the dedispersion search in one beam.</summary>
public sealed record BeamCandidate(string BeamId, string BlockId, int Beam, double Dm, double Snr);

/// <summary>Beam candidates that L2/L3 grouped as one astrophysical event.</summary>
public sealed record EventCandidate(string EventId, IReadOnlyList<string> BeamIds, double Dm, double Snr);

/// <summary>The classifier's verdict on an event.</summary>
public sealed record Classification(string EventId, string Class, double RfiProbability, double Dm, double Snr);
