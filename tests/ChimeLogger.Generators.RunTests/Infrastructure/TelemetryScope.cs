using System.Diagnostics;
using OpenTelemetry.Trace;

namespace ChimeLogger.Generators.RunTests.Infrastructure;

/// <summary>
/// Sets ChimeLogger up with an in-memory exporter for one test and tears it down after. ChimeTelemetry is a
/// process singleton, so every test that uses it is in the <see cref="ProcessTelemetryCollection"/>.
/// </summary>
internal sealed class TelemetryScope : IDisposable
{
    private readonly List<Activity> _exported = new();

    public TelemetryScope(
        Action<TracerProviderBuilder>? configure = null,
        bool exportSpans = true,
        Action<Microsoft.Extensions.Logging.ILoggingBuilder>? configureLogging = null)
    {
        Tracer = ChimeTelemetry.Setup("test", options =>
        {
            options.ConfigureLoggerFactory = configureLogging;
            options.OtlpExportEnabled = false;
            options.FileLogEnabled = false;
            options.ConfigureTracing = tracing =>
            {
                tracing.SetSampler(new AlwaysOnSampler());
                if (exportSpans)
                {
                    tracing.AddInMemoryExporter(_exported);
                }

                configure?.Invoke(tracing);
            };
        });
    }

    public ChimeTracer Tracer { get; }

    /// <summary>The spans exported so far (a span is exported when it ends).</summary>
    public IReadOnlyList<Activity> Spans
    {
        get
        {
            lock (_exported)
            {
                return _exported.ToList();
            }
        }
    }

    public Activity Single(string name) => Assert.Single(Spans, a => a.DisplayName == name);

    public void Dispose() => Tracer.Dispose();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTelemetryCollection
{
    public const string Name = "Process-wide ChimeTelemetry";
}
