using ChimeLogger.Configuration;

namespace ChimeLogger.Tests;

public sealed class ConfigurationTests
{
    private static ChimeSettings Resolve(Dictionary<string, string>? environment = null, Action<ChimeLoggerOptions>? configure = null, string? pipeline = null)
    {
        ChimeLoggerOptions options = new()
        {
            EnvironmentReader = name => environment is not null && environment.TryGetValue(name, out string? value) ? value : null,
        };
        configure?.Invoke(options);
        return ChimeSettings.Resolve(options, pipeline);
    }

    private static ChimeLoggerConfigurationException Invalid(Dictionary<string, string>? environment = null, Action<ChimeLoggerOptions>? configure = null) =>
        Assert.Throws<ChimeLoggerConfigurationException>(() => Resolve(environment, configure));

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

    [Theory]
    [InlineData("herald:443", null, "https://herald/")]
    [InlineData("herald:443", "true", "http://herald:443/")]
    [InlineData("herald:4317", null, "http://herald:4317/")]
    [InlineData("herald:4317", "false", "https://herald:4317/")]
    [InlineData("herald:4317", "TRUE", "http://herald:4317/")]
    [InlineData("http://herald:4317", "false", "http://herald:4317/")]
    [InlineData("https://herald:4317", "true", "https://herald:4317/")]
    [InlineData("10.0.0.7:4317", null, "http://10.0.0.7:4317/")]
    [InlineData("[::1]:4317", null, "http://[::1]:4317/")]
    public void The_scheme_follows_insecure_port_443_and_explicit_urls(string endpoint, string? insecure, string expected)
    {
        Dictionary<string, string> environment = new() { ["HERALD_ENDPOINT"] = endpoint };
        if (insecure is not null)
        {
            environment["HERALD_INSECURE"] = insecure;
        }

        Assert.Equal(expected, Resolve(environment).HeraldEndpoint.ToString());
    }

    [Fact]
    public void Insecure_set_in_code_wins_over_the_environment()
    {
        ChimeSettings settings = Resolve(new() { ["HERALD_ENDPOINT"] = "herald:4317", ["HERALD_INSECURE"] = "true" }, options => options.Insecure = false);

        Assert.Equal("https", settings.HeraldEndpoint.Scheme);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("yes please")]
    [InlineData("2")]
    public void An_invalid_insecure_value_names_the_variable_and_the_value(string value)
    {
        ChimeLoggerConfigurationException error = Invalid(new() { ["HERALD_INSECURE"] = value });

        Assert.Contains("HERALD_INSECURE", error.Message);
        Assert.Contains($"'{value}'", error.Message);
        Assert.Contains("true", error.Message);
    }

    [Theory]
    [InlineData("HERALD_ENDPOINT", "not an endpoint")]
    [InlineData("HERALD_ENDPOINT", "herald")]
    [InlineData("HERALD_ENDPOINT", ":4317")]
    [InlineData("HERALD_ENDPOINT", "herald:")]
    [InlineData("HERALD_ENDPOINT", "herald:99999")]
    [InlineData("HERALD_ENDPOINT", "herald:port")]
    [InlineData("HERALD_ENDPOINT", "ftp://herald:21")]
    [InlineData("LOGS_ENDPOINT", "collector")]
    [InlineData("LOGS_ENDPOINT", "grpc://collector:4317")]
    public void An_invalid_endpoint_names_the_variable_and_the_value(string variable, string value)
    {
        ChimeLoggerConfigurationException error = Invalid(new() { [variable] = value });

        Assert.Contains(variable, error.Message);
        Assert.Contains($"'{value}'", error.Message);
        Assert.Contains("host:port", error.Message);
    }

    [Fact]
    public void An_invalid_endpoint_in_code_names_the_option()
    {
        ChimeLoggerConfigurationException error = Invalid(configure: options => options.HeraldEndpoint = "herald");

        Assert.Contains("ChimeLoggerOptions.HeraldEndpoint", error.Message);
        Assert.Contains("'herald'", error.Message);
    }

    [Fact]
    public void A_credential_without_an_auth_endpoint_is_a_configuration_error_that_hides_the_secret()
    {
        ChimeLoggerConfigurationException error = Invalid(new() { ["HERALD_CREDENTIAL"] = "top-secret-value" });

        Assert.Contains("HERALD_AUTH_ENDPOINT", error.Message);
        Assert.DoesNotContain("top-secret-value", error.Message);
    }

    [Theory]
    [InlineData("herald:8080/auth/token")]
    [InlineData("ftp://herald/auth/token")]
    [InlineData("/auth/token")]
    public void An_invalid_auth_endpoint_names_the_variable_and_the_value(string value)
    {
        ChimeLoggerConfigurationException error = Invalid(new() { ["HERALD_CREDENTIAL"] = "x", ["HERALD_AUTH_ENDPOINT"] = value });

        Assert.Contains("HERALD_AUTH_ENDPOINT", error.Message);
        Assert.Contains($"'{value}'", error.Message);
    }

    [Fact]
    public void Invalid_file_log_limits_and_instrument_id_are_rejected()
    {
        Assert.Contains("FileLogSizeLimitBytes", Invalid(configure: options => options.FileLogSizeLimitBytes = 10).Message);
        Assert.Contains("FileLogRetainedFiles", Invalid(configure: options => options.FileLogRetainedFiles = 0).Message);
        Assert.Contains("InstrumentId", Invalid(configure: options => options.InstrumentId = " ").Message);
        Assert.Contains("ShutdownTimeout", Invalid(configure: options => options.ShutdownTimeout = TimeSpan.Zero).Message);
    }

    [Fact]
    public void Blank_environment_values_count_as_unset()
    {
        ChimeSettings settings = Resolve(new() { ["HERALD_ENDPOINT"] = "  ", ["HERALD_INSECURE"] = "", ["CHIME_LOGGER_SITE"] = " " });

        Assert.Equal(new Uri("http://localhost:4317"), settings.HeraldEndpoint);
        Assert.Null(settings.Site);
    }
}

[Collection(TelemetryCollection.Name)]
public sealed class SetupValidationTests
{
    [Fact]
    public void Setup_fails_fast_on_invalid_configuration_and_sets_nothing_up()
    {
        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() =>
            ChimeTelemetry.Setup("test", options =>
            {
                options.EnvironmentReader = name => name == "HERALD_INSECURE" ? "maybe" : null;
                options.FileLogEnabled = false;
            }));

        Assert.Contains("HERALD_INSECURE 'maybe'", error.Message);
        Assert.Null(ChimeTelemetry.GetTracer());
    }
}
