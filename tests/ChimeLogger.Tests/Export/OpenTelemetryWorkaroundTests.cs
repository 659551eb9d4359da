using System.Reflection;
using ChimeLogger.Export;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// Each place ChimeLogger reaches past OpenTelemetry's public API (Export/OpenTelemetryWorkarounds.cs) still binds to
/// the OpenTelemetry version the runtime is built against. A failure here after an upgrade names the workaround to
/// revisit; it is not a flaky test.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class OpenTelemetryWorkaroundTests
{
    [Fact]
    public void The_OTLP_exporter_still_reads_the_retry_variables_ChimeLogger_clears()
    {
        Type? experimental = typeof(OtlpTraceExporter).Assembly.GetTypes().SingleOrDefault(type => type.Name == "ExperimentalOptions");
        Assert.True(experimental is not null, "OpenTelemetry's OTLP exporter has no ExperimentalOptions type any more: check how it turns its retry on (OpenTelemetryWorkarounds.WithoutOtlpRetry).");

        string[] variables = experimental!.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToArray();

        Assert.Contains(OpenTelemetryWorkarounds.RetryVariable, variables);
        Assert.Contains(OpenTelemetryWorkarounds.DiskRetryPathVariable, variables);
    }

    [Fact]
    public void An_exporter_built_by_ChimeLogger_ignores_the_retry_variables_and_leaves_them_as_they_were()
    {
        string root = Path.Combine(Path.GetTempPath(), "chime-otlp-retry-" + Guid.NewGuid().ToString("N"));
        string? retry = Environment.GetEnvironmentVariable(OpenTelemetryWorkarounds.RetryVariable);
        string? path = Environment.GetEnvironmentVariable(OpenTelemetryWorkarounds.DiskRetryPathVariable);
        try
        {
            Environment.SetEnvironmentVariable(OpenTelemetryWorkarounds.RetryVariable, "disk");
            Environment.SetEnvironmentVariable(OpenTelemetryWorkarounds.DiskRetryPathVariable, root);

            // Built the plain way, the exporter turns its disk retry on and makes its directory: the variables still act.
            using (new OtlpTraceExporter(new OtlpExporterOptions()))
            {
                Assert.True(Directory.Exists(root), "OpenTelemetry's OTLP exporter no longer acts on " + OpenTelemetryWorkarounds.RetryVariable + "=disk: revisit OpenTelemetryWorkarounds.WithoutOtlpRetry.");
            }

            Directory.Delete(root, recursive: true);
            using (OpenTelemetryWorkarounds.WithoutOtlpRetry(() => new OtlpTraceExporter(new OtlpExporterOptions())))
            {
                Assert.False(Directory.Exists(root));
            }

            Assert.Equal("disk", Environment.GetEnvironmentVariable(OpenTelemetryWorkarounds.RetryVariable));
            Assert.Equal(root, Environment.GetEnvironmentVariable(OpenTelemetryWorkarounds.DiskRetryPathVariable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(OpenTelemetryWorkarounds.RetryVariable, retry);
            Environment.SetEnvironmentVariable(OpenTelemetryWorkarounds.DiskRetryPathVariable, path);
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("disk", null)]
    [InlineData(null, "/var/tmp/otlp-retry")]
    [InlineData("disk", "/var/tmp/otlp-retry")]
    public void While_ChimeLogger_builds_an_exporter_neither_retry_variable_is_set_whichever_one_the_process_set(string? retry, string? path)
    {
        string? savedRetry = Environment.GetEnvironmentVariable(OpenTelemetryWorkarounds.RetryVariable);
        string? savedPath = Environment.GetEnvironmentVariable(OpenTelemetryWorkarounds.DiskRetryPathVariable);
        try
        {
            Environment.SetEnvironmentVariable(OpenTelemetryWorkarounds.RetryVariable, retry);
            Environment.SetEnvironmentVariable(OpenTelemetryWorkarounds.DiskRetryPathVariable, path);

            (string? Retry, string? Path) seen = OpenTelemetryWorkarounds.WithoutOtlpRetry(() => (
                Environment.GetEnvironmentVariable(OpenTelemetryWorkarounds.RetryVariable),
                Environment.GetEnvironmentVariable(OpenTelemetryWorkarounds.DiskRetryPathVariable)));

            Assert.Equal((null, null), seen);
            Assert.Equal(retry, Environment.GetEnvironmentVariable(OpenTelemetryWorkarounds.RetryVariable));
            Assert.Equal(path, Environment.GetEnvironmentVariable(OpenTelemetryWorkarounds.DiskRetryPathVariable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(OpenTelemetryWorkarounds.RetryVariable, savedRetry);
            Environment.SetEnvironmentVariable(OpenTelemetryWorkarounds.DiskRetryPathVariable, savedPath);
        }
    }

    [Fact]
    public void The_parent_provider_of_a_wrapped_log_exporter_can_be_set()
    {
        Assert.True(OpenTelemetryWorkarounds.CanSetParentProvider, "BaseExporter<LogRecord>.ParentProvider has no setter ChimeLogger can bind: the OTLP log exporter would lose the resource (service.name).");
        using TracerProvider provider = Sdk.CreateTracerProviderBuilder().Build();
        using OtlpLogExporter exporter = new(new OtlpExporterOptions());

        Assert.True(OpenTelemetryWorkarounds.GiveParentProvider(exporter, provider));

        Assert.Same(provider, exporter.ParentProvider);
    }

    [Fact]
    public void The_severity_text_of_a_log_record_can_be_read_and_written()
    {
        Assert.True(OpenTelemetryWorkarounds.SetSeverityText is not null, "LogRecord.SeverityText has no setter ChimeLogger can bind: logs would carry OpenTelemetry's level names, not Python's.");
        Assert.True(OpenTelemetryWorkarounds.GetSeverityText is not null, "LogRecord.SeverityText has no getter ChimeLogger can bind.");
        using TelemetryHarness harness = new();
        harness.Tracer.CreateLogger("CHIME.test").LogWarning("a warning");
        LogRecord record = Assert.Single(harness.Logs, log => log.CategoryName == "CHIME.test");

        Assert.Equal("WARNING", OpenTelemetryWorkarounds.GetSeverityText!(record));
        OpenTelemetryWorkarounds.SetSeverityText!(record, "CRITICAL");
        Assert.Equal("CRITICAL", OpenTelemetryWorkarounds.GetSeverityText(record));
    }
}
