using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChimeLogger.Configuration;
using ChimeLogger.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// The OTLP export pipeline as <see cref="ChimeTelemetry.Setup"/> builds it, against an in-process herald over real
/// HTTP/2 on loopback: what the herald takes is counted as exported under every retry mode, a span the sampler records
/// without sampling takes no place in the queue, and an Unauthenticated answer is counted as failed and warned about.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ExportPipelineTests : IDisposable
{
    private readonly string _retryPath = Path.Combine(Path.GetTempPath(), "chimelogger-pipeline-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_retryPath))
        {
            Directory.Delete(_retryPath, recursive: true);
        }
    }

    [Theory]
    [InlineData(ExportRetryMode.Memory)]
    [InlineData(ExportRetryMode.Disk)]
    [InlineData(ExportRetryMode.None)]
    public async Task Spans_and_log_records_the_herald_takes_are_counted_as_exported_and_nothing_is_reported_lost(ExportRetryMode retry)
    {
        await using FakeHerald herald = await FakeHerald.StartAsync();
        CapturingLogger warnings = new();
        ChimeTracer tracer = Setup(herald, warnings, options => options.ExportRetry = retry);
        ILogger log = tracer.CreateLogger("CHIME.export");

        for (int i = 0; i < 3; i++)
        {
            using (tracer.Create("ingest", $"block-{i}", "raw_data"))
            {
                log.LogInformation("block ingested");
            }
        }

        Assert.True(tracer.Flush(TimeSpan.FromSeconds(30)), "Flush did not report everything exported.");
        ExportStatistics statistics = tracer.ExportStatistics;
        tracer.Dispose();

        Assert.Equal((3L, 3L, 0L, 0L), (statistics.SpansEnded, statistics.SpansExported, statistics.SpansFailed, statistics.SpansPending));
        Assert.True(statistics.LogRecordsExported >= 3, statistics.ToString());
        Assert.Equal((0L, 0L), (statistics.LogRecordsFailed, statistics.LogRecordsPending));
        Assert.Contains(herald.TraceExports, export => export.Protocol == "HTTP/2");
        Assert.NotEmpty(herald.LogExports);
        Assert.DoesNotContain(warnings.Warnings, m => m.Contains("Telemetry was lost", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings.Warnings, m => m.StartsWith("Export of", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_span_recorded_but_not_sampled_takes_no_place_in_the_export_queue_and_is_not_sent()
    {
        await using FakeHerald herald = await FakeHerald.StartAsync();
        ChimeTracer tracer = Setup(herald, new CapturingLogger(), options =>
        {
            options.Sampler = new RecordOnly();
            options.ExportQueueSize = 2;
        });

        for (int i = 0; i < 5; i++)
        {
            tracer.Operate("register", $"event-{i}", "event").Complete();
        }

        Assert.True(tracer.Flush(TimeSpan.FromSeconds(30)));
        ExportStatistics statistics = tracer.ExportStatistics;
        tracer.Dispose();

        Assert.Equal((0L, 0L, 0L), (statistics.SpansEnded, statistics.SpansDropped, statistics.SpansExported));
        Assert.Empty(herald.TraceExports);
    }

    [Fact]
    public async Task An_unauthenticated_answer_counts_the_spans_as_failed_and_is_warned_about_naming_the_herald()
    {
        await using FakeHerald herald = await FakeHerald.StartAsync();
        herald.AnswerExports(16);
        CapturingLogger warnings = new();
        ChimeTracer tracer = Setup(herald, warnings);

        tracer.Operate("register", "event-1", "event").Complete();
        tracer.Operate("register", "event-2", "event").Complete();

        tracer.Flush(TimeSpan.FromSeconds(30));
        ExportStatistics statistics = tracer.ExportStatistics;
        tracer.Dispose();

        Assert.Equal((2L, 0L), (statistics.SpansFailed, statistics.SpansExported));
        Assert.Contains(warnings.Warnings, m => m.StartsWith($"The herald at {herald.OtlpEndpoint} answered Unauthenticated to 1 trace export(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_credential_the_token_is_exchanged_at_setup_and_carried_by_trace_exports_only()
    {
        await using FakeHerald herald = await FakeHerald.StartAsync();
        ChimeTracer tracer = Setup(herald, new CapturingLogger(), options =>
        {
            options.AuthEndpoint = herald.AuthEndpoint.ToString();
            options.Credential = "s3cret-pipeline";
        });
        Assert.Equal("s3cret-pipeline", Assert.Single(herald.TokenRequests).Credential); // at setup, before any export

        tracer.Operate("register", "event-1", "event").Complete();
        tracer.CreateLogger("CHIME.export").LogInformation("registered");
        Assert.True(tracer.Flush(TimeSpan.FromSeconds(30)));
        tracer.Dispose();

        Assert.All(herald.TraceExports, export => Assert.Equal("Bearer token-1", export.Authorization));
        Assert.NotEmpty(herald.TraceExports);
        Assert.All(herald.LogExports, export => Assert.Null(export.Authorization)); // the collector takes no token
        Assert.NotEmpty(herald.LogExports);
    }

    [Fact]
    public async Task A_refused_credential_fails_setup_and_leaves_no_tracer_behind()
    {
        await using FakeHerald herald = await FakeHerald.StartAsync();
        herald.AnswerTokens(_ => TokenAnswer.Refuse(401, "unknown instrument"));

        HeraldAuthenticationException error = Assert.Throws<HeraldAuthenticationException>(() => Setup(herald, new CapturingLogger(), options =>
        {
            options.AuthEndpoint = herald.AuthEndpoint.ToString();
            options.Credential = "s3cret-refused";
        }));

        Assert.DoesNotContain("s3cret-refused", error.Message, StringComparison.Ordinal);
        Assert.Null(ChimeTelemetry.Tracer);
    }

    [Fact]
    public void An_auth_endpoint_nobody_answers_fails_setup_saying_it_could_not_be_reached()
    {
        int closedPort = Ports.Closed();
        HeraldAuthenticationException error = Assert.Throws<HeraldAuthenticationException>(() => ChimeTelemetry.Setup("export-pipeline", options =>
        {
            options.EnvironmentReader = _ => null;
            options.FileLogEnabled = false;
            options.HeraldEndpoint = $"127.0.0.1:{closedPort}";
            options.LogsEndpoint = $"127.0.0.1:{closedPort}";
            options.AuthEndpoint = $"http://127.0.0.1:{closedPort}/auth/token";
            options.Credential = "s3cret-unreachable";
        }));

        Assert.StartsWith($"The herald auth endpoint http://127.0.0.1:{closedPort}/auth/token could not be reached: ", error.Message, StringComparison.Ordinal);
        Assert.Null(ChimeTelemetry.Tracer);
    }

    [Fact]
    public void A_herald_nobody_answers_is_warned_about_on_the_chimelogger_logger()
    {
        int closedPort = Ports.Closed();
        CapturingLogger warnings = new();
        ChimeTracer tracer = ChimeTelemetry.Setup("export-pipeline", options =>
        {
            options.EnvironmentReader = _ => null;
            options.FileLogEnabled = false;
            options.HeraldEndpoint = $"127.0.0.1:{closedPort}";
            options.LogsEndpoint = $"127.0.0.1:{closedPort}";
            options.ShutdownTimeout = TimeSpan.FromSeconds(1);
            options.ConfigureLoggerFactory = logging => logging.AddProvider(new CapturingLoggerProvider(warnings, everyCategory: true));
        });

        tracer.Operate("register", "event-1", "event").Complete();
        tracer.Flush(TimeSpan.FromSeconds(1));
        tracer.Dispose();

        // The warning says why: the exception's type and message, as the socket reported them.
        Assert.Contains(warnings.Warnings, m => m.StartsWith(
            $"Export of traces to http://127.0.0.1:{closedPort}/ failed (HttpRequestException: Connection refused (127.0.0.1:{closedPort})); ",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task Log_exports_carry_chimelogger_resource()
    {
        await using FakeHerald herald = await FakeHerald.StartAsync();
        ChimeTracer tracer = Setup(herald, new CapturingLogger());

        tracer.CreateLogger("CHIME.export").LogInformation("resource check");
        Assert.True(tracer.Flush(TimeSpan.FromSeconds(30)));
        tracer.Dispose();

        byte[] message = herald.LogExports.First().Message;
        Assert.True(Contains(message, "chime.export-pipeline"u8), "The log export does not carry service.name.");
        Assert.True(Contains(message, "CHIME/export-pipeline"u8), "The log export does not carry helix.process.name.");
    }

    [Fact]
    public void With_disk_retry_what_a_herald_nobody_answers_did_not_take_is_stored_per_signal_at_shutdown()
    {
        int closedPort = Ports.Closed();
        ChimeTracer tracer = ChimeTelemetry.Setup("export-pipeline", options =>
        {
            options.EnvironmentReader = _ => null;
            options.FileLogEnabled = false;
            options.HeraldEndpoint = $"127.0.0.1:{closedPort}";
            options.LogsEndpoint = $"127.0.0.1:{closedPort}";
            options.ExportRetry = ExportRetryMode.Disk;
            options.ExportRetryPath = _retryPath;
            options.ShutdownTimeout = TimeSpan.FromSeconds(2);
        });

        tracer.Operate("register", "event-1", "event").Complete();
        tracer.CreateLogger("CHIME.export").LogInformation("stored for later");
        tracer.Dispose();
        ExportStatistics statistics = tracer.ExportStatistics;

        Assert.Equal((1L, 0L, 0L), (statistics.SpansStored, statistics.SpansFailed, statistics.SpansExported));
        string folder = $"http_127.0.0.1_{closedPort}";
        Assert.Single(Directory.GetFiles(Path.Combine(_retryPath, "traces", folder), "*.1.batch"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_retryPath, "logs", folder), "*.batch"));
    }

    private static bool Contains(byte[] message, ReadOnlySpan<byte> text) => message.AsSpan().IndexOf(text) >= 0;

    [Fact]
    public async Task Flush_reports_false_while_a_batch_waits_in_memory_for_a_herald_that_does_not_answer()
    {
        await using FakeHerald herald = await FakeHerald.StartAsync();
        int port = Ports.Closed(); // every export is refused at once
        ChimeTracer tracer = Setup(herald, new CapturingLogger(), options =>
        {
            options.ExportRetry = ExportRetryMode.Memory;
            options.HeraldEndpoint = $"http://127.0.0.1:{port}";
        });

        tracer.Create("ingest", "block-held", "raw_data").Complete();
        bool flushed = tracer.Flush(TimeSpan.FromSeconds(3));
        ExportStatistics statistics = tracer.ExportStatistics;
        tracer.Dispose();

        Assert.False(flushed, "Flush reported everything handed over while the span waited for the herald: " + statistics);
        Assert.Equal((1L, 0L), (statistics.SpansEnded, statistics.SpansExported));
    }

    [Fact]
    public async Task Flush_reports_false_while_a_batch_waits_on_disk_for_a_herald_that_does_not_answer()
    {
        // On disk the batch has left the export queue, so only the retry store can say that it is still undelivered.
        await using FakeHerald herald = await FakeHerald.StartAsync();
        int port = Ports.Closed();
        ChimeTracer tracer = Setup(herald, new CapturingLogger(), options =>
        {
            options.ExportRetry = ExportRetryMode.Disk;
            options.ExportRetryWindow = TimeSpan.FromMilliseconds(200);
            options.HeraldEndpoint = $"http://127.0.0.1:{port}";
            options.ShutdownTimeout = TimeSpan.FromSeconds(1);
        });

        tracer.Create("ingest", "block-stored", "raw_data").Complete();
        DateTime giveUp = DateTime.UtcNow.AddSeconds(60);
        while (tracer.ExportStatistics.SpansStored == 0 && DateTime.UtcNow < giveUp)
        {
            await Task.Delay(50);
        }

        bool flushed = tracer.Flush(TimeSpan.FromSeconds(1));
        ExportStatistics statistics = tracer.ExportStatistics;
        tracer.Dispose();

        Assert.Equal(1L, statistics.SpansStored);
        Assert.False(flushed, "Flush reported everything handed over while the span waited on disk for the herald: " + statistics);
    }

    [Fact]
    public void Without_retry_an_export_the_herald_never_answers_fails_at_the_export_timeout()
    {
        // A listening socket nobody accepts from: the connection opens, and no answer ever comes.
        using Socket silent = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(16);
        string endpoint = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndPoint!).Port}";
        ChimeTracer tracer = ChimeTelemetry.Setup("export-pipeline", options =>
        {
            options.EnvironmentReader = _ => null;
            options.FileLogEnabled = false;
            options.WarningsToStandardError = false;
            options.HeraldEndpoint = endpoint;
            options.LogsEndpoint = endpoint;
            options.ExportRetry = ExportRetryMode.None;
            options.ExportCreationPause = TimeSpan.Zero; // no ordered delivery: the exporter's own HTTP client sends
            options.ShutdownTimeout = TimeSpan.FromSeconds(1);
        });

        tracer.Create("ingest", "block-unanswered", "raw_data").Complete();

        // The export timeout is 10 s; HttpClient's own default (100 s) would outlast this flush.
        bool flushed = tracer.Flush(TimeSpan.FromSeconds(60));
        ExportStatistics statistics = tracer.ExportStatistics;
        tracer.Dispose();

        Assert.True(flushed, "The unanswered export was still in flight after 60 s, past the export timeout of 10 s: " + statistics);
        Assert.Equal((1L, 0L, 0L), (statistics.SpansFailed, statistics.SpansExported, statistics.SpansPending));
    }

    [Fact]
    public async Task A_refused_certificate_is_warned_about_once_for_traces_and_once_for_logs()
    {
        using X509Certificate2 certificate = SelfSignedLocalhost();
        await using FakeHerald herald = await FakeHerald.StartAsync(certificate);
        CapturingLogger warnings = new();
        ChimeTracer tracer = Setup(herald, warnings);

        tracer.Create("ingest", "block-tls", "raw_data").Complete();
        tracer.CreateLogger("CHIME.export").LogInformation("refused with the certificate");
        bool flushed = tracer.Flush(TimeSpan.FromSeconds(30));
        ExportStatistics statistics = tracer.ExportStatistics;
        tracer.Dispose();

        Assert.True(flushed, statistics.ToString());
        Assert.Single(warnings.Warnings, m => m.StartsWith($"The TLS connection to {herald.OtlpEndpoint} for traces failed: ", StringComparison.Ordinal));
        Assert.Single(warnings.Warnings, m => m.StartsWith($"The TLS connection to {herald.OtlpEndpoint} for logs failed: ", StringComparison.Ordinal));
    }

    private static X509Certificate2 SelfSignedLocalhost()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = new("CN=localhost", key, HashAlgorithmName.SHA256);
        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        // Kestrel needs the private key in a form it can hand to TLS: a PKCS#12 round trip gives one.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    private ChimeTracer Setup(FakeHerald herald, CapturingLogger warnings, Action<ChimeLoggerOptions>? configure = null) =>
        ChimeTelemetry.Setup("export-pipeline", options =>
        {
            options.EnvironmentReader = _ => null;
            options.FileLogEnabled = false;
            options.HeraldEndpoint = herald.OtlpEndpoint.ToString();
            options.LogsEndpoint = herald.OtlpEndpoint.ToString();
            options.ExportRetryPath = _retryPath;
            options.ShutdownTimeout = TimeSpan.FromSeconds(10);
            options.ConfigureLoggerFactory = logging => logging.AddProvider(new CapturingLoggerProvider(warnings, everyCategory: true));
            configure?.Invoke(options);
        });

    private sealed class RecordOnly : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => new(SamplingDecision.RecordOnly);
    }
}
