using ChimeLogger.Configuration;
using static ChimeLogger.Tests.Configuration.SettingsUnderTest;

namespace ChimeLogger.Tests.Configuration;

/// <summary>
/// The settings with a floor: the file log's size limit and retained files, the shutdown timeout and the instrument id,
/// each accepted at its minimum and refused just below it, naming the option.
/// </summary>
public sealed class LimitSettingTests
{
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

    [Fact]
    public void Invalid_file_log_limits_and_instrument_id_are_rejected()
    {
        Assert.Contains("FileLogSizeLimitBytes", Invalid(configure: options => options.FileLogSizeLimitBytes = 10).Message);
        Assert.Contains("FileLogRetainedFiles", Invalid(configure: options => options.FileLogRetainedFiles = 0).Message);
        Assert.Contains("InstrumentId", Invalid(configure: options => options.InstrumentId = " ").Message);
        Assert.Contains("ShutdownTimeout", Invalid(configure: options => options.ShutdownTimeout = TimeSpan.Zero).Message);
    }
}
