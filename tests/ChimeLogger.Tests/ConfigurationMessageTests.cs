using ChimeLogger.Configuration;

namespace ChimeLogger.Tests;

/// <summary>
/// The whole message of each setup failure a user meets first: which setting (the option set in code or the variable),
/// the value, and how to fix it, with the example the message promises.
/// </summary>
public sealed class ConfigurationMessageTests
{
    [Fact]
    public void An_invalid_logs_endpoint_set_in_code_is_named_as_the_option_with_examples()
    {
        ChimeLoggerConfigurationException error = Invalid(new ChimeLoggerOptions { EnvironmentReader = _ => null, LogsEndpoint = "collector" });

        Assert.Equal(
            "Invalid ChimeLoggerOptions.LogsEndpoint 'collector': expected host:port (for example localhost:4317) or an http:// or https:// URL (for example https://herald.example:443).",
            error.Message);
    }

    [Fact]
    public void An_invalid_auth_endpoint_set_in_code_is_named_as_the_option_with_an_example()
    {
        ChimeLoggerConfigurationException error = Invalid(new ChimeLoggerOptions { EnvironmentReader = _ => null, AuthEndpoint = "ftp://herald.example/auth" });

        Assert.Equal(
            "Invalid ChimeLoggerOptions.AuthEndpoint 'ftp://herald.example/auth': expected an http:// or https:// URL of the herald's token endpoint, for example https://herald.example:8080/auth/token.",
            error.Message);
    }

    [Fact]
    public void A_credential_without_an_auth_endpoint_names_both_ways_to_set_it()
    {
        ChimeLoggerConfigurationException error = Invalid(new ChimeLoggerOptions { EnvironmentReader = _ => null, Credential = "s3cret" });

        Assert.Equal(
            "A herald credential is configured but no auth endpoint: set HERALD_AUTH_ENDPOINT (or ChimeLoggerOptions.AuthEndpoint) to the herald's token URL, for example https://herald.example:8080/auth/token.",
            error.Message);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disk_retry_without_a_directory_says_where_to_set_one_and_how_to_go_back_to_memory()
    {
        ChimeLoggerConfigurationException error = Invalid(new ChimeLoggerOptions { EnvironmentReader = _ => null, ExportRetry = ExportRetryMode.Disk });

        Assert.Equal(
            "Disk retry needs a directory: set CHIME_LOGGER_EXPORT_RETRY_PATH (or ChimeLoggerOptions.ExportRetryPath) to a writable directory, for example /var/lib/chime/export-retry, or set CHIME_LOGGER_EXPORT_RETRY=memory.",
            error.Message);
    }

    [Fact]
    public void The_disk_retry_directory_is_checked_by_writing_and_left_as_it_was()
    {
        string directory = Path.Combine(Path.GetTempPath(), "chimelogger-probe-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            ChimeSettings settings = ChimeSettings.Resolve(new ChimeLoggerOptions { EnvironmentReader = _ => null, ExportRetry = ExportRetryMode.Disk, ExportRetryPath = " " + directory + " " });

            Assert.Equal(Path.GetFullPath(directory), settings.ExportRetryPath);
            Assert.Empty(Directory.GetFileSystemEntries(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ChimeLoggerConfigurationException Invalid(ChimeLoggerOptions options) =>
        Assert.Throws<ChimeLoggerConfigurationException>(() => ChimeSettings.Resolve(options));
}
