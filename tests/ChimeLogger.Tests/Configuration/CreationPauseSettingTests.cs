using ChimeLogger.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChimeLogger.Tests.Configuration;

/// <summary>
/// The pause of ordered delivery (<see cref="ChimeLoggerOptions.ExportCreationPause"/>,
/// <c>CHIME_LOGGER_EXPORT_CREATION_PAUSE</c>): one second by default, zero turns the ordering off, code wins over the
/// environment, and a value outside 0 to 60 s fails setup naming the setting and the value.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class CreationPauseSettingTests
{
    [Fact]
    public void The_pause_is_one_second_unless_code_or_the_environment_says_otherwise_and_code_wins()
    {
        Assert.Equal("CHIME_LOGGER_EXPORT_CREATION_PAUSE", EnvironmentVariables.ExportCreationPause);
        Assert.Equal(TimeSpan.FromSeconds(1), ChimeLoggerOptions.DefaultExportCreationPause);
        Assert.Equal(TimeSpan.FromSeconds(30), ChimeLoggerOptions.OpenCreationWaitLimit);
        Assert.Equal(TimeSpan.FromSeconds(1), Resolve().ExportCreationPause);
        Assert.Equal(TimeSpan.FromSeconds(0.25), Resolve(" 0.25 ").ExportCreationPause);
        Assert.Equal(TimeSpan.Zero, Resolve("0").ExportCreationPause);
        Assert.Equal(TimeSpan.FromSeconds(60), Resolve("60").ExportCreationPause);
        Assert.Equal(TimeSpan.FromSeconds(2), Resolve("0.25", TimeSpan.FromSeconds(2)).ExportCreationPause);
        Assert.Equal(TimeSpan.Zero, Resolve("5", TimeSpan.Zero).ExportCreationPause);
    }

    [Theory]
    [InlineData("60.5")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("one")]
    public void A_pause_in_the_environment_outside_0_to_60_seconds_is_refused_naming_the_variable_and_value(string text)
    {
        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => Resolve(text));

        Assert.StartsWith($"Invalid CHIME_LOGGER_EXPORT_CREATION_PAUSE '{text}': expected a number of seconds from 0 (no ordering) to 60 (default 1).", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(61)]
    public void A_pause_in_code_outside_0_to_60_seconds_is_refused_naming_the_option(double seconds)
    {
        ChimeLoggerConfigurationException error = Assert.Throws<ChimeLoggerConfigurationException>(() => Resolve(null, TimeSpan.FromSeconds(seconds)));

        Assert.StartsWith($"ChimeLoggerOptions.ExportCreationPause is {TimeSpan.FromSeconds(seconds)}: it must be between 0 (no ordering) and 60 s (default 1 s).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tracer_says_which_pause_is_in_effect_and_a_later_Setup_asking_for_another_is_warned_about()
    {
        using TelemetryHarness owner = new(configure: options => options.ExportCreationPause = TimeSpan.FromMilliseconds(250));
        Assert.Equal(TimeSpan.FromMilliseconds(250), owner.Tracer.ExportCreationPause);

        ChimeTracer second = ChimeTelemetry.Setup("second", options => options.ExportCreationPause = TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromMilliseconds(250), second.ExportCreationPause);
        Assert.Contains(owner.Warnings.Select(w => w.FormattedMessage ?? ""), m => m.Contains("ExportCreationPause 00:00:00 (in effect: 00:00:00.2500000)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hosted_app_takes_the_pause_from_its_ChimeLogger_section()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ChimeLogger:ExportCreationPause"] = "00:00:02.5" });
        builder.AddChimeLogger(options =>
        {
            options.EnvironmentReader = _ => null;
            options.OtlpExportEnabled = false;
            options.FileLogEnabled = false;
        });

        using IHost host = builder.Build();
        await host.StartAsync();
        Assert.Equal(TimeSpan.FromSeconds(2.5), host.Services.GetRequiredService<ChimeTracer>().ExportCreationPause);
        await host.StopAsync();
    }

    private static ChimeSettings Resolve(string? environment = null, TimeSpan? code = null) => ChimeSettings.Resolve(new ChimeLoggerOptions
    {
        EnvironmentReader = name => name == EnvironmentVariables.ExportCreationPause ? environment : null,
        ExportCreationPause = code,
    });
}
