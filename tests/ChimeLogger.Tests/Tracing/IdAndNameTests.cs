using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChimeLogger.Configuration;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace ChimeLogger.Tests.Tracing;

/// <summary>
/// Ids and names as the herald needs them (docs/helix-contract.md §1): ids sent trimmed with one warning per distinct id,
/// an id long enough to be a payload warned about on every span kind (from 513 characters), very long names exported
/// whole, and null, empty or whitespace names never throwing, named and warned about.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class IdAndNameTests
{
    [Fact]
    public void Entity_and_parent_ids_are_sent_trimmed_with_one_warning_per_distinct_id()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("ingest", " blk-1\t", "raw_data").Complete();
        harness.Tracer.Create("ingest", " blk-1\t", "raw_data").Complete();
        harness.Tracer.Create("l1-search", "beam-1", "n2_acquisition", [" blk-1", "blk-2 "]).Complete();
        harness.Tracer.Create("l1-search", "beam-2", "n2_acquisition", parent: "  blk-1").Complete();
        harness.Tracer.Operate("register", " evt-1 ", "event").Complete();
        using (HelixToken late = harness.Tracer.Operate("associate", resourceName: null, "event"))
        {
            late.SetEntityId("\nevt-2 ");
        }

        Assert.All(harness.Spans.Where(s => s.DisplayName == "ingest"), s => Assert.Equal("blk-1", s.GetTagItem(HelixAttributes.EntityId)));
        Activity beam1 = harness.Spans.Single(s => Equals(s.GetTagItem(HelixAttributes.EntityId), "beam-1"));
        Assert.Equal("blk-1,blk-2", beam1.GetTagItem(HelixAttributes.ParentIds));
        Assert.Single(beam1.Links); // the trimmed parent id finds the block created in this process
        Activity beam2 = harness.Spans.Single(s => Equals(s.GetTagItem(HelixAttributes.EntityId), "beam-2"));
        Assert.Equal("blk-1", beam2.GetTagItem(HelixAttributes.ParentIds));
        Assert.Single(beam2.Links);
        Assert.Equal("evt-1", harness.SingleSpan("register").GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("evt-2", harness.SingleSpan("associate").GetTagItem(HelixAttributes.EntityId));

        List<string> trimWarnings = harness.Warnings.Select(w => w.FormattedMessage ?? "").Where(m => m.Contains("white space around it", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, trimWarnings.Count); // " blk-1\t", " blk-1", "blk-2 ", "  blk-1", " evt-1 ", "\nevt-2 ": once each
        Assert.Single(trimWarnings, m => m.Contains("Id ' blk-1\t'", StringComparison.Ordinal));
    }

    [Fact]
    public void Over_long_ids_are_warned_about_on_every_span_kind()
    {
        using TelemetryHarness harness = new();
        string payload = new('x', 2_000_000);

        harness.Tracer.Operate("classify", payload, "event").Complete();
        using (HelixToken late = harness.Tracer.Operate("associate", resourceName: null, "event"))
        {
            late.SetEntityId(new string('y', 600));
        }

        harness.Tracer.Create("l2-event", "evt-1", "event", [new string('z', 700)]).Complete();

        List<string> warnings = harness.Warnings.Select(w => w.FormattedMessage ?? "").ToList();
        Assert.Contains(warnings, m => m.Contains("'classify' has an id of 2000000 characters", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("'associate' has an id of 600 characters", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("'l2-event' has an id of 700 characters", StringComparison.Ordinal));
        Assert.Equal(payload, harness.SingleSpan("classify").GetTagItem(HelixAttributes.EntityId)); // still sent whole
    }

    private static int LongIdWarnings(TelemetryHarness harness) =>
        harness.Warnings.Count(w => (w.FormattedMessage ?? "").Contains("characters (more than 512)", StringComparison.Ordinal));

    [Fact]
    public void An_id_of_512_characters_is_not_warned_about_and_one_of_513_is()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("ingest", new string('a', 512), "raw_data").Complete();
        Assert.Equal(0, LongIdWarnings(harness));

        harness.Tracer.Create("ingest", new string('b', 513), "raw_data").Complete();
        Assert.Equal(1, LongIdWarnings(harness));
        Assert.Contains(harness.Warnings, w => (w.FormattedMessage ?? "").Contains("'ingest' has an id of 513 characters", StringComparison.Ordinal));
    }

    [Fact]
    public void Very_long_resource_and_stage_names_are_exported_whole_with_a_warning_about_the_id()
    {
        using TelemetryHarness harness = new();
        string longId = new('b', 100_000);
        string longStage = "stage-" + new string('s', 10_000);

        harness.Tracer.Create(longStage, longId, "n2_acquisition", [longId]).Complete();
        harness.Tracer.Operate(longStage, longId, "n2_acquisition").Complete();

        Assert.Equal(2, harness.Spans.Count);
        Assert.All(harness.Spans, span =>
        {
            Assert.Equal(longStage, span.DisplayName);
            Assert.Equal(longId, span.GetTagItem(HelixAttributes.EntityId));
        });
        Assert.Contains(harness.Warnings, log => log.FormattedMessage!.Contains("100000 characters", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t ")]
    public void Null_empty_or_whitespace_names_never_throw_and_are_named_and_warned_about(string? name)
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create(name!, name, name, [name!]).Complete();
        harness.Tracer.Operate(name!, name, name).Complete();
        using (harness.Tracer.Create("ingest", "block-1"))
        {
            harness.Tracer.ChildSpan(name!).Complete();
        }

        Assert.Equal(
            new[] { "ingest", "unnamed-child-span", "unnamed-operation", "unnamed-stage" },
            harness.Spans.Select(s => s.DisplayName).Order(StringComparer.Ordinal));
        Assert.All(harness.Spans.Where(s => s.DisplayName.StartsWith("unnamed", StringComparison.Ordinal)),
            span => Assert.Null(span.GetTagItem(HelixAttributes.EntityId)));
        Assert.Null(harness.SingleSpan("unnamed-stage").GetTagItem(HelixAttributes.ParentIds));
        Assert.Equal("unknown_type", harness.SingleSpan("unnamed-stage").GetTagItem(HelixAttributes.ResourceType));
        Assert.Contains(harness.Warnings, log => log.FormattedMessage!.Contains("'unnamed-stage'", StringComparison.Ordinal));
    }
}
