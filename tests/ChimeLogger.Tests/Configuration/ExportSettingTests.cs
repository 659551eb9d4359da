using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChimeLogger.Configuration;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using static ChimeLogger.Tests.Configuration.SettingsUnderTest;

namespace ChimeLogger.Tests.Configuration;

/// <summary>
/// The export settings (queue size, retry mode, retry window, disk retry directory and limit, export interval): the
/// smallest and largest values accepted and the first ones refused, every spelling the variables accept, code winning over
/// the environment, and a refusal that fails set-up naming the option or variable and the value.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ExportSettingTests
{
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
    public void Disk_retry_without_a_directory_says_where_to_set_one_and_how_to_go_back_to_memory()
    {
        ChimeLoggerConfigurationException error = InvalidOptions(new ChimeLoggerOptions { EnvironmentReader = _ => null, ExportRetry = ExportRetryMode.Disk });

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

    [Fact]
    public void The_disk_retry_write_check_leaves_files_already_in_the_directory_as_they_were()
    {
        string directory = Path.Combine(Path.GetTempPath(), "chimelogger-probe-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        // A name a careless probe could take: the process id alone.
        string kept = Path.Combine(directory, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(kept, "stored batch");
        try
        {
            ChimeSettings.Resolve(new ChimeLoggerOptions { EnvironmentReader = _ => null, ExportRetry = ExportRetryMode.Disk, ExportRetryPath = directory });

            Assert.Equal([kept], Directory.GetFileSystemEntries(directory));
            Assert.Equal("stored batch", File.ReadAllText(kept));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("CHIME_LOGGER_EXPORT_QUEUE_SIZE", "lots", "Invalid CHIME_LOGGER_EXPORT_QUEUE_SIZE 'lots'")]
    [InlineData("CHIME_LOGGER_EXPORT_QUEUE_SIZE", "0", "Invalid CHIME_LOGGER_EXPORT_QUEUE_SIZE '0'")]
    [InlineData("CHIME_LOGGER_EXPORT_RETRY", "sometimes", "Invalid CHIME_LOGGER_EXPORT_RETRY 'sometimes': expected memory (default), disk or none")]
    [InlineData("CHIME_LOGGER_EXPORT_RETRY", "disk", "Disk retry needs a directory: set CHIME_LOGGER_EXPORT_RETRY_PATH")]
    [InlineData("CHIME_LOGGER_EXPORT_RETRY_WINDOW", "0", "Invalid CHIME_LOGGER_EXPORT_RETRY_WINDOW '0': expected a number of seconds greater than 0")]
    [InlineData("CHIME_LOGGER_EXPORT_RETRY_WINDOW", "2m", "Invalid CHIME_LOGGER_EXPORT_RETRY_WINDOW '2m'")]
    [InlineData("CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB", "-5", "Invalid CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB '-5': expected a whole number of mebibytes")]
    public void Invalid_export_settings_fail_setup_naming_the_variable(string variable, string value, string expected)
    {
        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => ChimeSettings.Resolve(new ChimeLoggerOptions
        {
            EnvironmentReader = name => name == variable ? value : null,
        }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CHIME_LOGGER_EXPORT_QUEUE_SIZE", "0", "Invalid CHIME_LOGGER_EXPORT_QUEUE_SIZE '0': expected a whole number of at least 1 (default 16384).")]
    [InlineData("CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB", "-5", "Invalid CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB '-5': expected a whole number of mebibytes of at least 1 (default 1024).")]
    [InlineData("CHIME_LOGGER_EXPORT_RETRY_WINDOW", "0", "Invalid CHIME_LOGGER_EXPORT_RETRY_WINDOW '0': expected a number of seconds greater than 0, at most a week (default 120).")]
    [InlineData("CHIME_LOGGER_EXPORT_CREATION_PAUSE", "61", "Invalid CHIME_LOGGER_EXPORT_CREATION_PAUSE '61': expected a number of seconds from 0 (no ordering) to 60 (default 1).")]
    public void A_refused_variable_is_named_with_what_it_must_hold_and_its_default(string variable, string value, string message)
    {
        Assert.Equal(message, Invalid(new() { [variable] = value }).Message);
    }

    [Fact]
    public void A_refused_option_is_named_with_what_it_must_be_and_its_default()
    {
        Assert.Equal(
            "ChimeLoggerOptions.ExportQueueSize is 0: it must be at least 1 (default 16384).",
            Invalid(configure: options => options.ExportQueueSize = 0).Message);
        Assert.Equal(
            "ChimeLoggerOptions.ExportRetryDiskLimitBytes is 0: it must be at least 1 (default 1 GiB).",
            Invalid(configure: options => options.ExportRetryDiskLimitBytes = 0).Message);
        Assert.Equal(
            "ChimeLoggerOptions.ExportInterval is 00:00:00: it must be at least 1 millisecond and at most an hour (default 5 s).",
            Invalid(configure: options => options.ExportInterval = TimeSpan.Zero).Message);
        Assert.Equal(
            "ChimeLoggerOptions.ExportRetryWindow is 00:00:00: it must be positive (default 120 s).",
            Invalid(configure: options => options.ExportRetryWindow = TimeSpan.Zero).Message);
    }

    [Fact]
    public void An_export_interval_of_exactly_a_millisecond_or_an_hour_is_accepted_from_code()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1), Resolve(configure: options => options.ExportInterval = TimeSpan.FromMilliseconds(1)).ExportInterval);
        Assert.Equal(TimeSpan.FromHours(1), Resolve(configure: options => options.ExportInterval = TimeSpan.FromHours(1)).ExportInterval);
    }

    [Fact]
    public void Disk_retry_in_a_directory_that_exists_but_cannot_be_written_fails_setup_naming_the_setting()
    {
        // procfs takes no new files, whoever asks (root included): the directory is there, only the write shows it is unusable.
        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => ChimeSettings.Resolve(new ChimeLoggerOptions
        {
            EnvironmentReader = _ => null,
            ExportRetry = ExportRetryMode.Disk,
            ExportRetryPath = "/proc",
        }));

        Assert.StartsWith("Invalid ChimeLoggerOptions.ExportRetryPath '/proc': the disk retry directory cannot be created or written (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disk_retry_in_a_directory_that_cannot_be_created_fails_setup_naming_the_setting()
    {
        string file = Path.GetTempFileName();
        try
        {
            ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => ChimeSettings.Resolve(new ChimeLoggerOptions
            {
                EnvironmentReader = _ => null,
                ExportRetry = ExportRetryMode.Disk,
                ExportRetryPath = Path.Combine(file, "retry"), // under a file: no directory can be made there
            }));

            Assert.Contains("ChimeLoggerOptions.ExportRetryPath", error.Message, StringComparison.Ordinal);
            Assert.Contains("cannot be created or written", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Export_settings_come_from_the_environment_and_code_wins()
    {
        string directory = Path.Combine(Path.GetTempPath(), "chimelogger-retry-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Dictionary<string, string> environment = new()
            {
                ["CHIME_LOGGER_EXPORT_QUEUE_SIZE"] = "100",
                ["CHIME_LOGGER_EXPORT_RETRY"] = "DISK",
                ["CHIME_LOGGER_EXPORT_RETRY_PATH"] = directory,
                ["CHIME_LOGGER_EXPORT_RETRY_WINDOW"] = "7.5",
                ["CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB"] = "3",
            };
            ChimeSettings fromEnvironment = ChimeSettings.Resolve(new ChimeLoggerOptions { EnvironmentReader = name => environment.GetValueOrDefault(name) });
            ChimeSettings fromCode = ChimeSettings.Resolve(new ChimeLoggerOptions
            {
                EnvironmentReader = name => environment.GetValueOrDefault(name),
                ExportQueueSize = 5,
                ExportRetry = ExportRetryMode.None,
                ExportRetryWindow = TimeSpan.FromSeconds(1),
                ExportRetryDiskLimitBytes = 4096,
            });
            ChimeSettings defaults = ChimeSettings.Resolve(new ChimeLoggerOptions { EnvironmentReader = _ => null });

            Assert.Equal((100, ExportRetryMode.Disk, Path.GetFullPath(directory)), (fromEnvironment.ExportQueueSize, fromEnvironment.ExportRetry, fromEnvironment.ExportRetryPath));
            Assert.True(Directory.Exists(directory));
            Assert.Equal((5, ExportRetryMode.None, (string?)null), (fromCode.ExportQueueSize, fromCode.ExportRetry, fromCode.ExportRetryPath));
            Assert.Equal((TimeSpan.FromSeconds(7.5), 3L << 20), (fromEnvironment.ExportRetryWindow, fromEnvironment.ExportRetryDiskLimitBytes));
            Assert.Equal((TimeSpan.FromSeconds(1), 4096L), (fromCode.ExportRetryWindow, fromCode.ExportRetryDiskLimitBytes));
            Assert.Equal((16384, ExportRetryMode.Memory), (defaults.ExportQueueSize, defaults.ExportRetry));
            Assert.Equal((TimeSpan.FromMinutes(2), 1L << 30), (defaults.ExportRetryWindow, defaults.ExportRetryDiskLimitBytes));
            ChimeSettings diskDefaults = ChimeSettings.Resolve(new ChimeLoggerOptions
            {
                EnvironmentReader = _ => null,
                ExportRetry = ExportRetryMode.Disk,
                ExportRetryPath = directory,
            });
            Assert.Equal(TimeSpan.FromSeconds(10), diskDefaults.ExportRetryWindow);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
