using ChimeLogger.Configuration;
using static ChimeLogger.Tests.Configuration.SettingsUnderTest;

namespace ChimeLogger.Tests.Configuration;

/// <summary>
/// The herald, collector and auth endpoints and the credential: how the scheme follows <c>HERALD_INSECURE</c>, port 443
/// and explicit URLs, every spelling accepted, the ports accepted and refused, and the whole message of each refusal (the
/// option or variable, the value, and an example to follow), never quoting the credential.
/// </summary>
public sealed class EndpointSettingTests
{
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

    [Theory]
    [InlineData("1", "http://herald:4317/")]
    [InlineData("yes", "http://herald:4317/")]
    [InlineData(" On ", "http://herald:4317/")]
    [InlineData("true", "http://herald:4317/")]
    [InlineData("0", "https://herald:4317/")]
    [InlineData("no", "https://herald:4317/")]
    [InlineData("OFF", "https://herald:4317/")]
    [InlineData("false", "https://herald:4317/")]
    public void Every_insecure_spelling_chooses_plaintext_or_tls(string insecure, string expected)
    {
        ChimeSettings settings = Resolve(new() { ["HERALD_ENDPOINT"] = "herald:4317", ["LOGS_ENDPOINT"] = "herald:4317", ["HERALD_INSECURE"] = insecure });

        Assert.Equal(new Uri(expected), settings.HeraldEndpoint);
        Assert.Equal(new Uri(expected), settings.LogsEndpoint);
    }

    [Theory]
    [InlineData("herald:1", "http://herald:1/")]
    [InlineData("herald:65535", "http://herald:65535/")]
    public void Ports_one_and_65535_are_accepted(string endpoint, string expected)
    {
        Assert.Equal(new Uri(expected), Resolve(new() { ["HERALD_ENDPOINT"] = endpoint }).HeraldEndpoint);
    }

    [Theory]
    [InlineData("herald:0")]
    [InlineData("herald:65536")]
    [InlineData("herald:-1")]
    [InlineData("herald:+80")]
    public void Ports_outside_one_to_65535_are_refused_naming_the_value(string endpoint)
    {
        ChimeLoggerConfigurationException error = Invalid(new() { ["HERALD_ENDPOINT"] = endpoint });

        Assert.Contains($"Invalid HERALD_ENDPOINT '{endpoint}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_logs_endpoint_set_in_code_is_named_as_the_option_with_examples()
    {
        ChimeLoggerConfigurationException error = InvalidOptions(new ChimeLoggerOptions { EnvironmentReader = _ => null, LogsEndpoint = "collector" });

        Assert.Equal(
            "Invalid ChimeLoggerOptions.LogsEndpoint 'collector': expected host:port (for example localhost:4317) or an http:// or https:// URL (for example https://herald.example:443).",
            error.Message);
    }

    [Fact]
    public void An_invalid_auth_endpoint_set_in_code_is_named_as_the_option_with_an_example()
    {
        ChimeLoggerConfigurationException error = InvalidOptions(new ChimeLoggerOptions { EnvironmentReader = _ => null, AuthEndpoint = "ftp://herald.example/auth" });

        Assert.Equal(
            "Invalid ChimeLoggerOptions.AuthEndpoint 'ftp://herald.example/auth': expected an http:// or https:// URL of the herald's token endpoint, for example https://herald.example:8080/auth/token.",
            error.Message);
    }

    [Fact]
    public void A_credential_without_an_auth_endpoint_names_both_ways_to_set_it()
    {
        ChimeLoggerConfigurationException error = InvalidOptions(new ChimeLoggerOptions { EnvironmentReader = _ => null, Credential = "s3cret" });

        Assert.Equal(
            "A herald credential is configured but no auth endpoint: set HERALD_AUTH_ENDPOINT (or ChimeLoggerOptions.AuthEndpoint) to the herald's token URL, for example https://herald.example:8080/auth/token.",
            error.Message);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }
}
