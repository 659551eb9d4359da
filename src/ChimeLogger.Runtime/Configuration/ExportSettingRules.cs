using System.Globalization;

namespace ChimeLogger.Configuration;

/// <summary>The rules of the numeric export settings: each option, its variable, what it may be and its default.</summary>
internal static class ExportSettingRules
{
    private const double MaxCreationPauseSeconds = 60;

    public static readonly SettingRule<int> QueueSize = new(
        nameof(ChimeLoggerOptions.ExportQueueSize), static size => size >= 1, "at least 1",
        EnvironmentVariables.ExportQueueSize,
        static text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size >= 1 ? size : null,
        "a whole number of at least 1",
        ChimeLoggerOptions.DefaultExportQueueSize,
        Text(ChimeLoggerOptions.DefaultExportQueueSize),
        Text(ChimeLoggerOptions.DefaultExportQueueSize));

    public static readonly SettingRule<TimeSpan> ExportInterval = new(
        nameof(ChimeLoggerOptions.ExportInterval), static interval => interval >= TimeSpan.FromMilliseconds(1) && interval <= TimeSpan.FromHours(1),
        "at least 1 millisecond and at most an hour",
        EnvironmentVariables.ExportInterval,
        static text => Seconds(text) is { } seconds && seconds >= 0.001 && seconds <= TimeSpan.FromHours(1).TotalSeconds ? TimeSpan.FromSeconds(seconds) : null,
        "a number of seconds from 0.001 to 3600, for example 0.5",
        ChimeLoggerOptions.DefaultExportInterval, "5 s", "5");

    public static readonly SettingRule<TimeSpan> CreationPause = new(
        nameof(ChimeLoggerOptions.ExportCreationPause), static pause => pause >= TimeSpan.Zero && pause.TotalSeconds <= MaxCreationPauseSeconds,
        $"between 0 (no ordering) and {Text(MaxCreationPauseSeconds)} s",
        EnvironmentVariables.ExportCreationPause,
        static text => Seconds(text) is { } seconds && seconds <= MaxCreationPauseSeconds ? TimeSpan.FromSeconds(seconds) : null,
        $"a number of seconds from 0 (no ordering) to {Text(MaxCreationPauseSeconds)}",
        ChimeLoggerOptions.DefaultExportCreationPause,
        Text(ChimeLoggerOptions.DefaultExportCreationPause.TotalSeconds) + " s",
        Text(ChimeLoggerOptions.DefaultExportCreationPause.TotalSeconds));

    public static readonly SettingRule<long> DiskLimitBytes = new(
        nameof(ChimeLoggerOptions.ExportRetryDiskLimitBytes), static limit => limit >= 1, "at least 1",
        EnvironmentVariables.ExportRetryDiskLimit,
        static text => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long megabytes) && megabytes >= 1 && megabytes <= (long.MaxValue >> 20)
            ? megabytes << 20
            : null,
        "a whole number of mebibytes of at least 1",
        ChimeLoggerOptions.DefaultExportRetryDiskLimitBytes, "1 GiB", "1024");

    /// <summary>
    /// The retry window's rule: disk retry keeps what outlives the window, and what waits in memory is what a crash loses,
    /// so its default is shorter there.
    /// </summary>
    public static SettingRule<TimeSpan> RetryWindow(ExportRetryMode retry)
    {
        TimeSpan fallback = retry == ExportRetryMode.Disk ? ChimeLoggerOptions.DefaultDiskExportRetryWindow : ChimeLoggerOptions.DefaultExportRetryWindow;
        return new(
            nameof(ChimeLoggerOptions.ExportRetryWindow), static window => window > TimeSpan.Zero, "positive",
            EnvironmentVariables.ExportRetryWindow,
            static text => Seconds(text) is { } seconds && seconds > 0 && seconds <= 86_400 * 7 ? TimeSpan.FromSeconds(seconds) : null,
            "a number of seconds greater than 0, at most a week",
            fallback, Text(fallback.TotalSeconds) + " s", Text(fallback.TotalSeconds));
    }

    private static double? Seconds(string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) ? seconds : null;

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
