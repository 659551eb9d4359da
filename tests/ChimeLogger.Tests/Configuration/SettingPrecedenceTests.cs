using ChimeLogger.Configuration;
using static ChimeLogger.Tests.Configuration.SettingsUnderTest;

namespace ChimeLogger.Tests.Configuration;

/// <summary>
/// Where each setting comes from: the contract's defaults, every environment variable read, code winning over the
/// environment and the pipeline passed to Setup over both, a blank variable counting as unset.
/// </summary>
public sealed class SettingPrecedenceTests
{
    [Fact]
    public void Defaults_follow_the_contract()
    {
        ChimeSettings settings = Resolve();

        Assert.Equal(new Uri("http://localhost:4317"), settings.HeraldEndpoint);
        Assert.Equal(new Uri("http://localhost:4317"), settings.LogsEndpoint);
        Assert.Equal("logs/chime_pipeline.log", settings.FileLogPath);
        Assert.Equal("CHIME", settings.InstrumentId);
        Assert.Null(settings.Pipeline);
        Assert.Null(settings.Site);
        Assert.Equal("unknown_pipeline", settings.PipelineOrUnknown);
        Assert.Equal("unknown_site", settings.SiteOrUnknown);
        Assert.Equal("chime.unknown_pipeline", settings.ServiceName);
        Assert.Equal("CHIME/unknown_pipeline", settings.ProcessName);
        Assert.Null(settings.AuthEndpoint);
        Assert.Null(settings.CredentialSource);
    }

    [Fact]
    public void Resolving_without_options_names_the_missing_argument()
    {
        ArgumentNullException error = Assert.Throws<ArgumentNullException>(() => ChimeSettings.Resolve(null!));

        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void Every_variable_is_read()
    {
        ChimeSettings settings = Resolve(new()
        {
            ["HERALD_ENDPOINT"] = "herald.chime:4317",
            ["LOGS_ENDPOINT"] = "collector.chime:4318",
            ["CHIME_LOGGER_SITE"] = "gbo",
            ["CHIME_LOGGER_PIPELINE_NAME"] = "frb-l2l3",
            ["CHIME_LOGGER_FILE_LOG_PATH"] = "/var/log/chime/frb.log",
            ["HERALD_INSECURE"] = "false",
            ["HERALD_CREDENTIAL"] = "s3cret",
            ["HERALD_AUTH_ENDPOINT"] = "https://herald.chime:8080/auth/token",
        });

        Assert.Equal(new Uri("https://herald.chime:4317"), settings.HeraldEndpoint);
        Assert.Equal(new Uri("https://collector.chime:4318"), settings.LogsEndpoint);
        Assert.Equal("gbo", settings.Site);
        Assert.Equal("frb-l2l3", settings.Pipeline);
        Assert.Equal("chime.frb-l2l3", settings.ServiceName);
        Assert.Equal("CHIME/frb-l2l3", settings.ProcessName);
        Assert.Equal("/var/log/chime/frb.log", settings.FileLogPath);
        Assert.Equal(new Uri("https://herald.chime:8080/auth/token"), settings.AuthEndpoint);
        Assert.Equal("s3cret", settings.CredentialSource!());
    }

    [Fact]
    public void Code_wins_over_the_environment_and_the_setup_pipeline_wins_over_both()
    {
        Dictionary<string, string> environment = new()
        {
            ["HERALD_ENDPOINT"] = "env-herald:4317",
            ["LOGS_ENDPOINT"] = "env-logs:4317",
            ["CHIME_LOGGER_SITE"] = "gbo",
            ["CHIME_LOGGER_PIPELINE_NAME"] = "env-pipeline",
            ["CHIME_LOGGER_FILE_LOG_PATH"] = "env.log",
            ["HERALD_INSECURE"] = "false",
            ["HERALD_CREDENTIAL"] = "env-secret",
            ["HERALD_AUTH_ENDPOINT"] = "http://env-auth/auth/token",
        };

        ChimeSettings settings = Resolve(environment, options =>
        {
            options.HeraldEndpoint = "code-herald:4317";
            options.LogsEndpoint = "code-logs:4317";
            options.Site = "hco";
            options.Pipeline = "code-pipeline";
            options.FileLogPath = "code.log";
            options.Insecure = true;
            options.Credential = "code-secret";
            options.AuthEndpoint = "http://code-auth/auth/token";
        });
        ChimeSettings withSetupPipeline = Resolve(environment, options => options.Pipeline = "code-pipeline", pipeline: "setup-pipeline");

        Assert.Equal(new Uri("http://code-herald:4317"), settings.HeraldEndpoint);
        Assert.Equal(new Uri("http://code-logs:4317"), settings.LogsEndpoint);
        Assert.Equal("hco", settings.Site);
        Assert.Equal("code-pipeline", settings.Pipeline);
        Assert.Equal("code.log", settings.FileLogPath);
        Assert.Equal("code-secret", settings.CredentialSource!());
        Assert.Equal(new Uri("http://code-auth/auth/token"), settings.AuthEndpoint);
        Assert.Equal("setup-pipeline", withSetupPipeline.Pipeline);
    }

    [Fact]
    public void A_credential_callback_wins_over_a_credential()
    {
        int calls = 0;
        ChimeSettings settings = Resolve(
            new() { ["HERALD_CREDENTIAL"] = "env-secret", ["HERALD_AUTH_ENDPOINT"] = "http://auth/auth/token" },
            options => options.CredentialCallback = () => "rotated-" + ++calls);

        Assert.Equal("rotated-1", settings.CredentialSource!());
        Assert.Equal("rotated-2", settings.CredentialSource!());
    }

    [Fact]
    public void Blank_environment_values_count_as_unset()
    {
        ChimeSettings settings = Resolve(new() { ["HERALD_ENDPOINT"] = "  ", ["HERALD_INSECURE"] = "", ["CHIME_LOGGER_SITE"] = " " });

        Assert.Equal(new Uri("http://localhost:4317"), settings.HeraldEndpoint);
        Assert.Null(settings.Site);
    }
}
