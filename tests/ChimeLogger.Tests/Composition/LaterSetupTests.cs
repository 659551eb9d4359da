using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ChimeLogger.Configuration;
using ChimeLogger.Tracing;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests.Composition;

/// <summary>
/// One process exports through one tracer: a later <see cref="ChimeTelemetry.Setup"/> gets a handle on it, says which of
/// the settings it states are not applied (each named with the one in effect, the credential only as "a credential"), and
/// cannot stop telemetry by disposing that handle; a token writes to the tracer that opened its span; once the owner
/// disposes, Setup starts afresh.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class LaterSetupTests : IDisposable
{
    [Fact]
    public void Disposing_the_handle_of_a_later_Setup_does_not_stop_telemetry_for_the_owner()
    {
        using TelemetryHarness owner = new(pipeline: "first");

        using (ChimeTracer helper = ChimeTelemetry.Setup("first"))
        {
            Assert.False(helper.IsOwner);
            Assert.True(owner.Tracer.IsOwner);
            Assert.Same(owner.Tracer, ChimeTelemetry.Tracer);
            helper.Create("ingest", "blk-helper", "raw_data").Complete();
        }

        Assert.True(owner.Tracer.IsListening);
        Assert.Same(owner.Tracer, ChimeTelemetry.Tracer);
        owner.Tracer.Create("l1-search", "beam-after", "n2_acquisition").Complete();
        ChimeTelemetry.Tracer!.Operate("register", "evt-after", "event").Complete();

        Assert.Equal(["ingest", "l1-search", "register"], owner.Spans.Select(s => s.DisplayName));
        Assert.DoesNotContain(owner.Warnings, w => (w.FormattedMessage ?? "").Contains("called again", StringComparison.Ordinal)); // same pipeline: nothing differs
    }

    [Fact]
    public void A_later_Setup_with_other_settings_warns_naming_each_setting_and_never_the_credential()
    {
        using TelemetryHarness owner = new(pipeline: "first");

        ChimeTracer second = ChimeTelemetry.Setup("second", options =>
        {
            options.Site = "GBO";
            options.ServiceName = "svc-second";
            options.Credential = "s3cret-second-setup";
            options.AuthEndpoint = "http://127.0.0.1:9/auth/token";
            options.ExportQueueSize = 7;
            options.ExportRetryWindow = TimeSpan.FromSeconds(30);
        });

        Assert.Equal("first", second.Pipeline);
        Assert.Equal("kko", second.Site);
        string warning = Assert.Single(owner.Warnings.Select(w => w.FormattedMessage ?? ""), m => m.Contains("called again", StringComparison.Ordinal));
        Assert.Contains("pipeline 'second' (in effect: 'first'); ", warning, StringComparison.Ordinal); // one difference after another
        Assert.Contains("Site 'gbo' (in effect: 'kko')", warning, StringComparison.Ordinal);
        Assert.Contains("ServiceName 'svc-second' (in effect: 'chime.first')", warning, StringComparison.Ordinal);
        Assert.Contains("AuthEndpoint", warning, StringComparison.Ordinal);
        Assert.Contains("a credential (not shown", warning, StringComparison.Ordinal);
        Assert.Contains($"ExportQueueSize 7 (in effect: {ChimeLoggerOptions.DefaultExportQueueSize})", warning, StringComparison.Ordinal);
        Assert.Contains("ExportRetryWindow 00:00:30 (in effect: 00:02:00)", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-second-setup", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("Pipeline", warning.Replace("pipeline '", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Once_the_owner_disposes_handles_stop_recording_and_a_new_Setup_starts_afresh()
    {
        TelemetryHarness first = new(pipeline: "first");
        ChimeTracer handle = ChimeTelemetry.Setup("first");

        first.Dispose();

        Assert.False(handle.IsListening);
        Assert.Null(ChimeTelemetry.Tracer);
        Assert.Equal(default, handle.Create("ingest", "blk-late", "raw_data"));

        using TelemetryHarness second = new(pipeline: "second");
        Assert.True(second.Tracer.IsOwner);
        second.Tracer.Operate("register", "evt-1", "event").Complete();
        Assert.Equal("second", second.SingleSpan("register").GetTagItem(HelixAttributes.Pipeline));
        Assert.False(handle.IsListening); // the old handle does not come back to life with the new tracer
    }

    [Fact]
    public void A_later_Setup_with_an_invalid_setting_fails_as_the_first_would()
    {
        using TelemetryHarness owner = new(pipeline: "first");

        Assert.Throws<ChimeLoggerConfigurationException>(() => ChimeTelemetry.Setup("x", options => options.HeraldEndpoint = "not an endpoint"));

        Assert.True(owner.Tracer.IsListening);
        Assert.Same(owner.Tracer, ChimeTelemetry.Tracer);
    }

    [Fact]
    public void A_later_Setup_names_every_other_setting_it_states_with_the_value_in_effect()
    {
        using TelemetryHarness owner = new(pipeline: "first");

        ChimeTelemetry.Setup("first", options =>
        {
            options.EnvironmentReader = _ => null;
            options.InstrumentId = "CHIME-B";
            options.ProcessName = "proc-b";
            options.HeraldEndpoint = "herald-b:4317";
            options.LogsEndpoint = "collector-b:4317";
            options.FileLogPath = "other-b.log";
            options.FileLogSizeLimitBytes = 2048;
            options.FileLogRetainedFiles = 2;
            options.ConsoleLogging = true;
            options.WarningsToStandardError = false;
            options.MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning;
            options.ExportRetry = ExportRetryMode.None;
            options.ExportRetryDiskLimitBytes = 5;
            options.ShutdownTimeout = TimeSpan.FromSeconds(3);
            options.AuthTimeout = TimeSpan.FromSeconds(2);
            options.ConfigureTracing = _ => { };
            options.ConfigureLogging = _ => { };
            options.ConfigureLoggerFactory = _ => { };
        });

        string warning = Assert.Single(owner.Warnings.Select(w => w.FormattedMessage ?? ""), m => m.Contains("called again", StringComparison.Ordinal));
        string[] expected =
        [
            "InstrumentId 'CHIME-B' (in effect: 'CHIME')",
            "ProcessName 'proc-b' (in effect: 'CHIME/first')",
            "HeraldEndpoint http://herald-b:4317/ (in effect: http://localhost:4317/)",
            "LogsEndpoint http://collector-b:4317/ (in effect: http://localhost:4317/)",
            $"FileLogPath '{Path.GetFullPath("other-b.log")}' (in effect: '{Path.GetFullPath(ChimeLoggerOptions.DefaultFileLogPath)}')",
            "FileLogSizeLimitBytes 2048 (in effect: 10485760)",
            "FileLogRetainedFiles 2 (in effect: 5)",
            "ConsoleLogging True (in effect: False)",
            "WarningsToStandardError False (in effect: True)",
            "MinimumLogLevel Warning (in effect: Debug)",
            "ExportRetry None (in effect: Memory)",
            "ExportRetryDiskLimitBytes 5 (in effect: 1073741824)",
            "ShutdownTimeout 00:00:03 (in effect: 00:00:05)",
            "AuthTimeout 00:00:02 (in effect: 00:00:10)",
            "ConfigureTracing (a callback; not applied)",
            "ConfigureLogging (a callback; not applied)",
            "ConfigureLoggerFactory (a callback; not applied)",
        ];
        Assert.All(expected, difference => Assert.Contains(difference, warning, StringComparison.Ordinal));
        Assert.DoesNotContain("pipeline 'first' (in effect", warning, StringComparison.Ordinal); // the same pipeline is no difference
    }

    [Fact]
    public void A_later_Setup_stating_the_settings_in_effect_is_not_warned_about()
    {
        using TelemetryHarness owner = new(pipeline: "first");

        ChimeTelemetry.Setup("first", options =>
        {
            options.EnvironmentReader = _ => null;
            options.Site = "KKO";
            options.InstrumentId = "CHIME";
            options.HeraldEndpoint = "localhost:4317";
            options.MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Debug;
            options.ExportQueueSize = ChimeLoggerOptions.DefaultExportQueueSize;
            options.ExportRetry = ExportRetryMode.Memory;
        });

        Assert.DoesNotContain(owner.Warnings, w => (w.FormattedMessage ?? "").Contains("called again", StringComparison.Ordinal));
    }

    [Fact]
    public void A_later_Setup_stating_another_export_interval_signal_watch_or_sampler_names_each_with_the_one_in_effect()
    {
        using TelemetryHarness owner = new(pipeline: "first");

        ChimeTelemetry.Setup("first", options =>
        {
            options.EnvironmentReader = _ => null;
            options.ExportInterval = TimeSpan.FromSeconds(2);
            options.WatchTerminationSignals = false;
            options.Sampler = new AlwaysOnSampler();
        });

        string warning = Assert.Single(owner.Warnings.Select(w => w.FormattedMessage ?? ""), m => m.Contains("called again", StringComparison.Ordinal));
        Assert.Contains("ExportInterval 00:00:02 (in effect: 00:00:05)", warning, StringComparison.Ordinal);
        Assert.Contains("WatchTerminationSignals False (in effect: True)", warning, StringComparison.Ordinal);
        Assert.Contains("Sampler (AlwaysOnSampler; not applied, in effect: none)", warning, StringComparison.Ordinal); // the owner states no sampler
    }

    [Fact]
    public void A_later_Setup_without_a_credential_or_with_the_same_one_is_not_warned_about()
    {
        using TelemetryHarness owner = new(pipeline: "first", configure: options =>
        {
            options.Credential = "s3cret-owner";
            options.AuthEndpoint = "http://127.0.0.1:9/auth/token";
            options.AuthHttpHandler = new TokenEndpoint("tok-owner");
        });

        // The first states no credential: the owner's stays in use, which is no difference.
        ChimeTelemetry.Setup("first", options => options.EnvironmentReader = _ => null);
        ChimeTelemetry.Setup("first", options =>
        {
            options.EnvironmentReader = _ => null;
            options.Credential = "s3cret-owner";
            options.AuthEndpoint = "http://127.0.0.1:9/auth/token";
        });

        Assert.DoesNotContain(owner.Warnings, w => (w.FormattedMessage ?? "").Contains("called again", StringComparison.Ordinal));
    }

    [Fact]
    public void A_token_writes_to_the_tracer_that_opened_it_not_to_the_one_current_later()
    {
        TelemetryHarness first = new(pipeline: "first");
        HelixToken deferred = first.Tracer.Create("ingest", resourceName: null, resourceType: "raw_data");
        Activity.Current = null;
        first.Dispose();

        using TelemetryHarness second = new(pipeline: "second");
        Assert.NotSame(first.Tracer, ChimeTelemetry.Tracer);
        deferred.SetEntityId(" blk-late ");
        second.Tracer.Create("l1-search", "beam-1", "n2_acquisition", ["blk-late"]).Complete();

        Assert.Equal("blk-late", deferred.EntityId);
        Assert.True(first.Tracer.Spans.Parents.TryGet("blk-late", out ActivityContext stored));
        Assert.Equal(deferred.Activity!.Context, stored);
        Assert.False(second.Tracer.Spans.Parents.TryGet("blk-late", out _));
        Activity beam = second.SingleSpan("l1-search");
        Assert.Equal("blk-late", beam.GetTagItem(HelixAttributes.ParentIds));
        Assert.Empty(beam.Links); // the entity of the first tracer is not a parent the second one knows
        Assert.DoesNotContain(second.Warnings, w => (w.FormattedMessage ?? "").Contains("blk-late", StringComparison.Ordinal)); // the untrimmed id is the first tracer's to warn about
        deferred.Complete();

        // The token finds its tracer through its span, so it stays a value of two references.
        Assert.Equal(2 * IntPtr.Size, System.Runtime.CompilerServices.Unsafe.SizeOf<HelixToken>());
    }

    [Fact]
    public void The_current_token_also_writes_to_the_tracer_that_opened_its_span()
    {
        TelemetryHarness first = new(pipeline: "first");
        HelixToken deferred = first.Tracer.Create("ingest", resourceName: null, resourceType: "raw_data");
        first.Dispose();
        Activity.Current = deferred.Activity;

        using TelemetryHarness second = new(pipeline: "second");
        HelixToken current = HelixToken.Current!.Value;
        current.SetEntityId("blk-current");
        Activity.Current = null;

        Assert.Equal(deferred, current);
        Assert.True(first.Tracer.Spans.Parents.TryGet("blk-current", out _));
        Assert.False(second.Tracer.Spans.Parents.TryGet("blk-current", out _));
        deferred.Complete();
    }

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chimelogger-again-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _closedPort = Ports.Closed();
    private readonly Func<string> _credential = () => "s3cret-in-effect";
    private readonly Sampler _sampler = new AlwaysOnSampler();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Each_setting_the_later_call_states_differently_is_named_with_the_one_in_effect()
    {
        using TelemetryHarness owner = Owner();

        ChimeTelemetry.Setup(null, options =>
        {
            options.EnvironmentReader = _ => null;
            options.Pipeline = "second";
            options.FileLogEnabled = false;
            options.OtlpExportEnabled = false;
            options.Insecure = false;
            options.ExportRetry = ExportRetryMode.Disk;
            options.ExportRetryPath = Path.Combine(_directory, "retry");
            options.Sampler = new AlwaysOffSampler();
            options.AuthEndpoint = "http://127.0.0.1:9/auth/token";
            options.CredentialCallback = () => "s3cret-later";
        });

        string warning = Assert.Single(owner.Warnings.Select(w => w.FormattedMessage ?? ""), m => m.Contains("called again", StringComparison.Ordinal));
        string[] expected =
        [
            "pipeline 'second' (in effect: 'first')",
            $"HeraldEndpoint https://localhost:4317/ (in effect: http://127.0.0.1:{_closedPort}/)",
            $"LogsEndpoint https://localhost:4317/ (in effect: http://127.0.0.1:{_closedPort}/)",
            "a credential (not shown; the first Setup's herald token stays in use)",
            "FileLogEnabled False (in effect: True)",
            "OtlpExportEnabled False (in effect: True)",
            "ExportRetry Disk (in effect: None)",
            $"ExportRetryPath '{Path.Combine(_directory, "retry")}' (in effect: none)",
            "Sampler (AlwaysOffSampler; not applied, in effect: AlwaysOnSampler)",
        ];
        Assert.All(expected, difference => Assert.Contains(difference, warning, StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_call_that_states_none_of_the_owners_settings_is_not_warned_about()
    {
        using TelemetryHarness owner = Owner();

        ChimeTelemetry.Setup("first", options => options.EnvironmentReader = _ => null);
        ChimeTelemetry.Setup("first", options =>
        {
            options.EnvironmentReader = _ => null;
            options.CredentialCallback = _credential;
            options.AuthEndpoint = "http://127.0.0.1:9/auth/token";
            options.Sampler = _sampler;
        });

        Assert.DoesNotContain(owner.Warnings, w => (w.FormattedMessage ?? "").Contains("called again", StringComparison.Ordinal));
    }

    // Exports (to a port nobody listens on: nothing is sent, no span ends), writes the file log, samples and holds a
    // credential exchanged with an in-process token endpoint.
    private TelemetryHarness Owner() => new(pipeline: "first", configure: options =>
    {
        options.OtlpExportEnabled = true;
        options.ExportRetry = ExportRetryMode.None;
        options.HeraldEndpoint = $"127.0.0.1:{_closedPort}";
        options.LogsEndpoint = $"127.0.0.1:{_closedPort}";
        options.ShutdownTimeout = TimeSpan.FromSeconds(2);
        options.FileLogEnabled = true;
        options.FileLogPath = Path.Combine(_directory, "chime_pipeline.log");
        options.Sampler = _sampler;
        options.AuthEndpoint = "http://127.0.0.1:9/auth/token";
        options.CredentialCallback = _credential;
        options.AuthHttpHandler = new TokenEndpoint("tok-again");
    });
}
