using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver.Model;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.IntegrationTests.Contract;

/// <summary>
/// A pipeline configured only through the environment variables of docs/helix-contract.md §5 (bare <c>host:port</c>
/// endpoints, as the Python world writes them) exports to the real receiver with the pipeline and site it was given.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class EnvironmentConfigurationTests(ReceiverFixture receiver) : TelemetryTest
{
    [Fact]
    public async Task Environment_variables_alone_configure_export_pipeline_site_and_file_log()
    {
        string pipeline = TestSetup.UniquePipeline("env");
        Dictionary<string, string> environment = new()
        {
            ["HERALD_ENDPOINT"] = receiver.Receiver.OtlpGrpcHostPort,
            ["LOGS_ENDPOINT"] = receiver.Receiver.OtlpGrpcHostPort,
            ["HERALD_INSECURE"] = "true",
            ["CHIME_LOGGER_PIPELINE_NAME"] = pipeline,
            ["CHIME_LOGGER_SITE"] = "hco",
            ["CHIME_LOGGER_FILE_LOG_PATH"] = Folder.PathOf("from-env.log"),
        };

        using (ChimeTracer tracer = ChimeTelemetry.Setup(configure: options => options.EnvironmentReader = name => environment.GetValueOrDefault(name)))
        {
            Assert.Equal(new Uri($"http://{receiver.Receiver.OtlpGrpcHostPort}"), tracer.HeraldEndpoint);
            using (tracer.Create("l0-dump", "dump-1", "baseband_dump"))
            {
                tracer.CreateLogger("CHIME").LogInformation("configured from the environment");
            }
        }

        string serviceName = "chime." + pipeline;
        ReceivedSpan span = Assert.Single(await receiver.WaitForSpansAsync(serviceName, 1));
        Assert.Equal(pipeline, span.Attributes["chime.pipeline"]);
        Assert.Equal("hco", span.Attributes["chime.site"]);
        ReceivedLog log = Assert.Single(await receiver.WaitForLogsAsync(serviceName, logs => logs.Count >= 1));
        Assert.Equal("hco", log.Attributes["site"]);
        Assert.Equal(pipeline, log.Attributes["pipeline"]);
        Assert.Contains("configured from the environment", File.ReadAllText(Folder.PathOf("from-env.log")), StringComparison.Ordinal);
    }
}
