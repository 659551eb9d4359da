using OpenTelemetry.Trace;

namespace ChimeLogger.Tracing;

/// <summary>
/// The sampler of ChimeLogger's own tracer provider when <see cref="ChimeLoggerOptions.Sampler"/> is set. ChimeLogger
/// asks the user's sampler before it starts an Activity (a dropped span then costs nothing); for the span it goes on to
/// start, this returns the decision already taken, so that the user's sampler is asked once per span and a
/// <see cref="SamplingDecision.RecordOnly"/> stays RecordOnly. A span started without a decision held (none is, outside
/// ChimeLogger's span methods) is decided by the user's sampler as usual.
/// </summary>
internal sealed class PreDecidedSampler : Sampler
{
    // Set on the calling thread just around ActivitySource.StartActivity: the provider's sampler runs inside that call,
    // on that thread.
    [ThreadStatic]
    private static bool t_held;

    [ThreadStatic]
    private static SamplingResult t_decision;

    private readonly Sampler _sampler;

    public PreDecidedSampler(Sampler sampler)
    {
        _sampler = sampler;
        Description = "PreDecided{" + sampler.Description + "}";
    }

    /// <summary>Holds <paramref name="decision"/> for the span about to be started on this thread.</summary>
    internal static void Hold(in SamplingResult decision)
    {
        t_decision = decision;
        t_held = true;
    }

    /// <summary>Forgets the held decision once the span has been started.</summary>
    internal static void Release() => t_held = false;

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        t_held ? t_decision : _sampler.ShouldSample(samplingParameters);
}
