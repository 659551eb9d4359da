using System.Reflection;
using ChimeLogger.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Tests.Diagnostics;

/// <summary>ChimeLogger's own warnings live in one catalogue, each with an event id of its own.</summary>
public sealed class WarningCatalogueTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    [Fact]
    public void Every_warning_has_an_event_id_no_other_warning_uses()
    {
        List<(string Name, int Id)> warnings = typeof(ChimeWarnings).GetMethods(Declared)
            .Select(method => (method.Name, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(pair => pair.Attribute is not null)
            .Select(pair => (pair.Name, pair.Attribute!.EventId))
            .ToList();

        Assert.True(warnings.Count >= 27, $"expected the whole catalogue, found {warnings.Count} warnings");
        IEnumerable<string> shared = warnings.GroupBy(w => w.Id).Where(g => g.Count() > 1)
            .Select(g => $"event id {g.Key}: {string.Join(", ", g.Select(w => w.Name))}");
        Assert.Empty(shared);
        Assert.All(warnings, w => Assert.True(w.Id > 0, $"{w.Name} has no event id"));
    }

    [Fact]
    public void No_other_type_of_the_runtime_defines_a_log_message()
    {
        IEnumerable<string> elsewhere = typeof(ChimeTelemetry).Assembly.GetTypes()
            .Where(type => type != typeof(ChimeWarnings))
            .SelectMany(type => type.GetMethods(Declared).Where(method => method.IsDefined(typeof(LoggerMessageAttribute))).Select(method => type.FullName + "." + method.Name));

        Assert.Empty(elsewhere);
    }

    [Fact]
    public void Warnings_go_to_the_ChimeLogger_category_with_their_event_id()
    {
        CapturingLogger written = new();
        using ILoggerFactory factory = LoggerFactory.Create(builder => builder.AddProvider(new CapturingLoggerProvider(written, everyCategory: true)));

        ChimeWarnings.PlaintextToken(factory.CreateLogger(ChimeWarnings.Category), "http://herald.example:4317/");

        (string category, _, EventId id, string message) = Assert.Single(written.Records);
        Assert.Equal("ChimeLogger", category);
        Assert.Equal(30, id.Id);
        Assert.Equal(nameof(ChimeWarnings.PlaintextToken), id.Name);
        Assert.Contains("http://herald.example:4317/", message, StringComparison.Ordinal);
    }
}
