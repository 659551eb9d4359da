using ChimeLogger.Configuration;

namespace ChimeLogger.Tests;

/// <summary>
/// The edges of each setting: the smallest and largest values accepted and the first ones refused, and every spelling
/// the environment variables accept, so that a setting is never silently read as another.
/// </summary>
public sealed class ConfigurationBoundaryTests
{
    private static ChimeSettings Resolve(Dictionary<string, string>? environment = null, Action<ChimeLoggerOptions>? configure = null)
    {
        ChimeLoggerOptions options = new()
        {
            EnvironmentReader = name => environment is not null && environment.TryGetValue(name, out string? value) ? value : null,
        };
        configure?.Invoke(options);
        return ChimeSettings.Resolve(options);
    }

    private static ChimeLoggerConfigurationException Invalid(Dictionary<string, string>? environment = null, Action<ChimeLoggerOptions>? configure = null) =>
        Assert.Throws<ChimeLoggerConfigurationException>(() => Resolve(environment, configure));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void An_export_queue_size_below_one_set_in_code_is_refused_naming_the_option(int size)
    {
        ChimeLoggerConfigurationException error = Invalid(configure: options => options.ExportQueueSize = size);

        Assert.Contains($"ChimeLoggerOptions.ExportQueueSize is {size}", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_queue_of_one_is_accepted_from_code_and_from_the_environment()
    {
        Assert.Equal(1, Resolve(configure: options => options.ExportQueueSize = 1).ExportQueueSize);
        Assert.Equal(1, Resolve(new() { ["CHIME_LOGGER_EXPORT_QUEUE_SIZE"] = "1" }).ExportQueueSize);
    }

    [Theory]
    [InlineData("memory", ExportRetryMode.Memory)]
    [InlineData(" Memory ", ExportRetryMode.Memory)]
    [InlineData("none", ExportRetryMode.None)]
    [InlineData("NONE", ExportRetryMode.None)]
    public void Every_export_retry_spelling_is_read(string value, ExportRetryMode expected)
    {
        Assert.Equal(expected, Resolve(new() { ["CHIME_LOGGER_EXPORT_RETRY"] = value }).ExportRetry);
    }

    [Fact]
    public void Export_retry_is_memory_by_default_and_code_wins_over_the_environment()
    {
        Assert.Equal(ExportRetryMode.Memory, Resolve().ExportRetry);
        Assert.Equal(ExportRetryMode.Memory, Resolve(new() { ["CHIME_LOGGER_EXPORT_RETRY"] = " " }).ExportRetry);
        Assert.Equal(
            ExportRetryMode.Memory,
            Resolve(new() { ["CHIME_LOGGER_EXPORT_RETRY"] = "none" }, options => options.ExportRetry = ExportRetryMode.Memory).ExportRetry);
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
    public void The_file_log_accepts_its_minimums_and_refuses_just_below_them()
    {
        ChimeSettings smallest = Resolve(configure: options =>
        {
            options.FileLogSizeLimitBytes = 1024;
            options.FileLogRetainedFiles = 1;
        });
        Assert.Equal(1024, smallest.Options.FileLogSizeLimitBytes);
        Assert.Equal(1, smallest.Options.FileLogRetainedFiles);

        Assert.Contains("FileLogSizeLimitBytes is 1023", Invalid(configure: options => options.FileLogSizeLimitBytes = 1023).Message, StringComparison.Ordinal);
        Assert.Contains("FileLogRetainedFiles is 0", Invalid(configure: options => options.FileLogRetainedFiles = 0).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_smallest_positive_shutdown_timeout_is_accepted_and_a_negative_one_refused()
    {
        Assert.Equal(TimeSpan.FromTicks(1), Resolve(configure: options => options.ShutdownTimeout = TimeSpan.FromTicks(1)).Options.ShutdownTimeout);
        Assert.Contains("ShutdownTimeout", Invalid(configure: options => options.ShutdownTimeout = TimeSpan.FromSeconds(-1)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData(" 604800 ", 604_800)]
    public void A_retry_window_from_a_moment_to_a_week_is_accepted(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Resolve(new() { ["CHIME_LOGGER_EXPORT_RETRY_WINDOW"] = text }).ExportRetryWindow);
    }

    [Theory]
    [InlineData("604800.5")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1e3")]
    public void A_retry_window_outside_a_moment_to_a_week_is_refused_naming_the_value(string text)
    {
        ChimeLoggerConfigurationException error = Invalid(new() { ["CHIME_LOGGER_EXPORT_RETRY_WINDOW"] = text });

        Assert.Contains($"Invalid CHIME_LOGGER_EXPORT_RETRY_WINDOW '{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_retry_window_defaults_by_mode_and_code_accepts_any_positive_window()
    {
        string directory = Path.Combine(Path.GetTempPath(), "chime-retry-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(ChimeLoggerOptions.DefaultExportRetryWindow, Resolve().ExportRetryWindow);
            ChimeSettings disk = Resolve(configure: options =>
            {
                options.ExportRetry = ExportRetryMode.Disk;
                options.ExportRetryPath = directory;
            });
            Assert.Equal(ChimeLoggerOptions.DefaultDiskExportRetryWindow, disk.ExportRetryWindow);
            Assert.Equal(Path.GetFullPath(directory), disk.ExportRetryPath);
            Assert.Empty(Directory.EnumerateFileSystemEntries(directory)); // the write check leaves nothing behind
            Assert.NotEqual(ChimeLoggerOptions.DefaultExportRetryWindow, ChimeLoggerOptions.DefaultDiskExportRetryWindow);

            Assert.Equal(TimeSpan.FromTicks(1), Resolve(configure: options => options.ExportRetryWindow = TimeSpan.FromTicks(1)).ExportRetryWindow);
            Assert.Contains("ExportRetryWindow is 00:00:00", Invalid(configure: options => options.ExportRetryWindow = TimeSpan.Zero).Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("0.001", 0.001)]
    [InlineData(" 0.5 ", 0.5)]
    [InlineData("3600", 3600)]
    public void An_export_interval_from_a_millisecond_to_an_hour_is_accepted(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Resolve(new() { ["CHIME_LOGGER_EXPORT_INTERVAL"] = text }).ExportInterval);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.0009")]
    [InlineData("3600.5")]
    [InlineData("-1")]
    [InlineData("5s")]
    public void An_export_interval_outside_a_millisecond_to_an_hour_is_refused_naming_the_value_and_the_range(string text)
    {
        ChimeLoggerConfigurationException error = Invalid(new() { ["CHIME_LOGGER_EXPORT_INTERVAL"] = text });

        Assert.Equal(
            $"Invalid CHIME_LOGGER_EXPORT_INTERVAL '{text}': expected a number of seconds from 0.001 to 3600, for example 0.5 (default 5).",
            error.Message);
    }

    [Fact]
    public void The_export_interval_defaults_to_five_seconds_and_code_wins_over_the_environment()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Resolve().ExportInterval);
        Assert.Equal(ChimeLoggerOptions.DefaultExportInterval, Resolve().ExportInterval);
        Assert.Equal(
            TimeSpan.FromMilliseconds(250),
            Resolve(new() { ["CHIME_LOGGER_EXPORT_INTERVAL"] = "2" }, options => options.ExportInterval = TimeSpan.FromMilliseconds(250)).ExportInterval);
        Assert.Contains(
            "ChimeLoggerOptions.ExportInterval is 00:00:00: it must be at least 1 millisecond and at most an hour",
            Invalid(configure: options => options.ExportInterval = TimeSpan.Zero).Message,
            StringComparison.Ordinal);
        Assert.Contains("ExportInterval is 02:00:00", Invalid(configure: options => options.ExportInterval = TimeSpan.FromHours(2)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_disk_limit_is_read_in_mebibytes_from_one_to_the_largest_that_fits()
    {
        Assert.Equal(1L << 20, Resolve(new() { ["CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB"] = "1" }).ExportRetryDiskLimitBytes);
        long largest = long.MaxValue >> 20;
        Assert.Equal(largest << 20, Resolve(new() { ["CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB"] = largest.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ExportRetryDiskLimitBytes);
        Assert.Equal(ChimeLoggerOptions.DefaultExportRetryDiskLimitBytes, Resolve().ExportRetryDiskLimitBytes);

        Assert.Contains("'0'", Invalid(new() { ["CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB"] = "0" }).Message, StringComparison.Ordinal);
        string tooLarge = (largest + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"'{tooLarge}'", Invalid(new() { ["CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB"] = tooLarge }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disk_limit_in_code_is_in_bytes_and_must_be_at_least_one()
    {
        Assert.Equal(1, Resolve(configure: options => options.ExportRetryDiskLimitBytes = 1).ExportRetryDiskLimitBytes);
        Assert.Contains("ExportRetryDiskLimitBytes is 0", Invalid(configure: options => options.ExportRetryDiskLimitBytes = 0).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_queue_size_from_the_environment_is_trimmed_and_code_wins()
    {
        Assert.Equal(8, Resolve(new() { ["CHIME_LOGGER_EXPORT_QUEUE_SIZE"] = " 8 " }).ExportQueueSize);
        Assert.Equal(3, Resolve(new() { ["CHIME_LOGGER_EXPORT_QUEUE_SIZE"] = "8" }, options => options.ExportQueueSize = 3).ExportQueueSize);
        Assert.Equal(ChimeLoggerOptions.DefaultExportQueueSize, Resolve(new() { ["CHIME_LOGGER_EXPORT_QUEUE_SIZE"] = " " }).ExportQueueSize);
    }

    [Fact]
    public void Additional_sites_are_matched_trimmed_and_without_regard_to_case_and_listed_when_a_site_is_refused()
    {
        Assert.Equal("drao", Resolve(configure: options =>
        {
            options.Site = " drao ";
            options.AdditionalSites = [" DRAO ", " ", "kko"];
        }).Site);

        ChimeLoggerConfigurationException error = Invalid(configure: options =>
        {
            options.Site = "mars";
            options.AdditionalSites = [" DRAO ", "", "kko", "Pathfinder"];
        });

        Assert.Contains("expected one of chime, kko, gbo, hco, drao, pathfinder (case does not matter)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Additional_sites_set_to_null_mean_none_and_an_unknown_site_is_still_refused_with_the_known_list()
    {
        // The property is not nullable, but code written without nullable annotations can still assign null.
        Assert.Equal("kko", Resolve(configure: options =>
        {
            options.Site = "KKO";
            options.AdditionalSites = null!;
        }).Site);

        ChimeLoggerConfigurationException error = Invalid(configure: options =>
        {
            options.Site = "drao";
            options.AdditionalSites = null!;
        });

        Assert.Contains("Invalid ChimeLoggerOptions.Site 'drao': expected one of chime, kko, gbo, hco (case does not matter)", error.Message, StringComparison.Ordinal);
    }
}
