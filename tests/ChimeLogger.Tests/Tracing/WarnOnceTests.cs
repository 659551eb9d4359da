using Microsoft.Extensions.Logging;

namespace ChimeLogger.Tests.Tracing;

/// <summary>
/// Warnings a hot loop could repeat are given at the first occurrence of each distinct value and never again, and each
/// misuse is reported by its own warning.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class WarnOnceTests
{
    [Fact]
    public void An_event_name_the_herald_drops_is_warned_about_at_its_first_use_and_never_again()
    {
        using TelemetryHarness harness = new();
        using HelixToken op = harness.Tracer.Operate("classify", "event-1", "event");
        const string Warning = "Event 'classified' does not start with 'helix.'";

        op.AddEvent("classified");
        Assert.Equal(1, harness.WarningsContaining(Warning));

        op.AddEvent("classified");
        op.AddEvent("classified");
        Assert.Equal(1, harness.WarningsContaining(Warning));
    }

    [Fact]
    public void An_untrimmed_id_is_warned_about_at_its_first_use_and_never_again()
    {
        using TelemetryHarness harness = new();
        const string Warning = "Id ' block-1' of 'ingest' has white space around it";

        harness.Tracer.Create("ingest", " block-1", "raw_data").Complete();
        Assert.Equal(1, harness.WarningsContaining(Warning));

        harness.Tracer.Create("ingest", " block-1", "raw_data").Complete();
        harness.Tracer.Create("ingest", " block-1", "raw_data").Complete();
        Assert.Equal(1, harness.WarningsContaining(Warning));
    }

    [Fact]
    public void A_reserved_key_is_warned_about_at_its_first_use_on_a_span_name_and_never_again()
    {
        using TelemetryHarness harness = new();
        const string Warning = "Attribute 'helix.entity.id' on 'register' refused";

        harness.Tracer.Operate("register", "event-1", "event").SetAttribute("helix.entity.id", "event-2");
        Assert.Equal(1, harness.WarningsContaining(Warning));

        harness.Tracer.Operate("register", "event-3", "event").SetAttribute("helix.entity.id", "event-4");
        Assert.Equal(1, harness.WarningsContaining(Warning));
        Assert.All(harness.Spans, span => Assert.NotEqual("event-2", span.GetTagItem("helix.entity.id")));
    }

    [Fact]
    public void A_child_span_without_an_entity_is_warned_about_at_its_first_error_and_never_again()
    {
        using TelemetryHarness harness = new();
        const string Warning = "AddError on child span 'lookup' has no open create or operate span above it";

        using (HelixToken child = harness.Tracer.ChildSpan("lookup"))
        {
            child.AddError("catalog_timeout");
            Assert.Equal(1, harness.WarningsContaining(Warning));
            child.AddError("catalog_timeout");
        }

        harness.Tracer.ChildSpan("lookup").Error("catalog_timeout");
        Assert.Equal(1, harness.WarningsContaining(Warning));
    }

    [Fact]
    public void Warned_event_names_are_remembered_up_to_a_bound_so_that_memory_stays_bounded()
    {
        using TelemetryHarness harness = new(configure: options => options.MinimumLogLevel = LogLevel.Warning);
        using HelixToken op = harness.Tracer.Operate("classify", "event-1", "event");

        for (int i = 0; i < 1_100; i++)
        {
            op.AddEvent("custom-" + i);
        }

        Assert.Equal(1_024, harness.WarningsContaining("does not start with 'helix.'"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Each_empty_span_name_is_reported_by_its_own_warning(string name)
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create(name, "block-1", "raw_data").Complete();
        harness.Tracer.Operate(name, "event-1", "event").Complete();
        using (harness.Tracer.Create("ingest", "block-2", "raw_data"))
        {
            harness.Tracer.ChildSpan(name).Complete();
        }

        Assert.Equal(1, harness.WarningsContaining("name is empty or whitespace: the span is named 'unnamed-stage'"));
        Assert.Equal(1, harness.WarningsContaining("name is empty or whitespace: the span is named 'unnamed-operation'"));
        Assert.Equal(1, harness.WarningsContaining("name is empty or whitespace: the span is named 'unnamed-child-span'"));
        Assert.Equal(3, harness.Warnings.Count());
    }

    [Fact]
    public void Warned_ids_reserved_keys_and_orphan_child_spans_are_remembered_up_to_a_bound()
    {
        using TelemetryHarness harness = new(configure: options => options.MinimumLogLevel = LogLevel.Warning);

        for (int i = 0; i < 1_030; i++)
        {
            using (HelixToken operate = harness.Tracer.Operate("op-" + i, " event-" + i, "event"))
            {
                operate.SetAttribute("helix.entity.id", "x");
            }

            harness.Tracer.ChildSpan("child-" + i).Error("orphan");
        }

        Assert.Equal(1_024, harness.WarningsContaining("has white space around it"));
        Assert.Equal(1_024, harness.WarningsContaining("refused: it is a HelixObs contract key"));
        Assert.Equal(1_024, harness.WarningsContaining("has no open create or operate span above it"));
    }
}
