using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using ChimeLogger.Generators.RunTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Generators.RunTests;

/// <summary>Runs the shapes of <c>HardenedShapes.cs</c> with telemetry on and checks what the spans carry.</summary>
[Collection(ProcessTelemetryCollection.Name)]
public sealed class HardenedShapeTests
{
    [Fact]
    public void A_member_implemented_only_explicitly_is_read_through_its_interface()
    {
        using TelemetryScope scope = new();

        new ShapePipeline().FromExplicit(new ExplicitCandidate(), new ExplicitBlock());

        Activity span = scope.Single("explicit-entity");
        Assert.Equal("evt-explicit", span.GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("block-explicit", span.GetTagItem(HelixAttributes.ParentIds));
    }

    [Fact]
    public void A_protected_base_member_is_read_through_a_value_of_the_instrumented_type()
    {
        using TelemetryScope scope = new();

        new ProtectedReader().Read(new ProtectedReader());

        Assert.Equal("evt-protected", scope.Single("read-protected").GetTagItem(HelixAttributes.EntityId));
    }

    [Fact]
    public void A_core_inherited_from_a_base_class_is_called_with_the_token()
    {
        using TelemetryScope scope = new();
        InheritingStage stage = new();

        stage.Process("evt-base");

        Assert.Equal(["evt-base"], stage.Ran);
        Activity span = scope.Single("inherited-core");
        Assert.Equal("evt-base", span.GetTagItem(HelixAttributes.EntityId));
        Assert.Equal("true", span.GetTagItem("helix.chime.base_core"));
    }

    [Fact]
    public void A_default_method_of_a_variant_interface_is_instrumented()
    {
        using TelemetryScope scope = new();
        IProducer<object> producer = new StringProducer();

        Assert.Equal("made-item-1-string", producer.Make("item-1"));

        Assert.Equal("item-1", scope.Single("produce").GetTagItem(HelixAttributes.EntityId));
    }

    [Fact]
    public void An_obsolete_core_is_called_without_a_warning_in_generated_code()
    {
        // This project builds with warnings as errors in CI: CS0618 in the generated call would fail the build.
        using TelemetryScope scope = new();

        new ShapePipeline().Legacy("evt-legacy");

        Assert.Equal("evt-legacy", scope.Single("legacy").GetTagItem(HelixAttributes.EntityId));
    }

    [Fact]
    public void Parents_of_a_type_parameter_constrained_to_a_string_sequence_are_recorded()
    {
        using TelemetryScope scope = new();

        new ShapePipeline().Gather("beam-g", new HashSet<string> { "block-1" });

        Assert.Equal("block-1", scope.Single("gather").GetTagItem(HelixAttributes.ParentIds));
    }

    [Fact]
    public void A_lazy_parents_sequence_is_enumerated_once_and_core_gets_what_was_read()
    {
        using TelemetryScope scope = new();
        ShapePipeline pipeline = new();
        int enumerations = 0;
        IEnumerable<string> Lazy()
        {
            enumerations++;
            yield return "block-a";
            yield return "block-b";
        }

        pipeline.FromLazy("beam-l", Lazy());

        Assert.Equal(1, enumerations);
        Assert.Equal(["block-a", "block-b"], pipeline.ParentsEnumeratedByCore);
        Assert.Equal("block-a,block-b", scope.Single("lazy-parents").GetTagItem(HelixAttributes.ParentIds));
    }

    [Fact]
    public void A_lazy_parents_sequence_is_enumerated_once_when_nobody_listens_too()
    {
        ShapePipeline pipeline = new();
        int enumerations = 0;
        IEnumerable<string> Lazy()
        {
            enumerations++;
            yield return "block-a";
        }

        pipeline.FromLazy("beam-l", Lazy());

        Assert.Equal(1, enumerations);
        Assert.Equal(["block-a"], pipeline.ParentsEnumeratedByCore);
    }

    [Fact]
    public void A_collection_of_parents_reaches_core_as_the_same_object()
    {
        using TelemetryScope scope = new();
        ShapePipeline pipeline = new();
        List<string> blocks = ["block-c"];

        pipeline.FromLazy("beam-c", blocks);

        Assert.Same(blocks, pipeline.ParentsSeenByCore);
        Assert.Equal("block-c", scope.Single("lazy-parents").GetTagItem(HelixAttributes.ParentIds));
    }

    [Fact]
    public void Parents_that_throw_part_way_leave_the_span_without_parents_and_core_sees_the_same_ids_and_exception()
    {
        using TelemetryScope scope = new();
        ShapePipeline pipeline = new();
        int enumerations = 0;
        InvalidOperationException failure = new("catalogue went away");
        IEnumerable<string> Failing()
        {
            enumerations++;
            yield return "block-x";
            throw failure;
        }

        pipeline.FromLazy("beam-x", Failing());

        Assert.Equal(1, enumerations);
        Assert.Equal(["block-x"], pipeline.ParentsEnumeratedByCore);
        Assert.Same(failure, pipeline.CoreSawException);
        Activity span = scope.Single("lazy-parents");
        Assert.Equal("beam-x", span.GetTagItem(HelixAttributes.EntityId));
        Assert.Null(span.GetTagItem(HelixAttributes.ParentIds));
    }

    [Fact]
    public void A_default_immutable_array_of_parents_leaves_the_span_without_parents_and_core_still_runs()
    {
        using TelemetryScope scope = new();

        int result = new ShapePipeline().FromImmutable("beam-d", default);

        Assert.Equal(-1, result);
        Activity span = scope.Single("immutable-parents");
        Assert.Null(span.GetTagItem(HelixAttributes.ParentIds));
        Assert.Equal("beam-d", span.GetTagItem(HelixAttributes.EntityId));
    }

    [Fact]
    public void An_immutable_array_of_parents_is_recorded()
    {
        using TelemetryScope scope = new();

        Assert.Equal(2, new ShapePipeline().FromImmutable("beam-i", ["block-1", "block-2"]));

        Assert.Equal("block-1,block-2", scope.Single("immutable-parents").GetTagItem(HelixAttributes.ParentIds));
    }

    [Fact]
    public void Values_are_formatted_with_the_invariant_culture_round_trip_dates_and_lower_case_booleans()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            using TelemetryScope scope = new();
            ShapePipeline pipeline = new();
            DateTime at = new(2026, 11, 27, 18, 40, 2, 117, DateTimeKind.Utc);
            DateTimeOffset observed = new(2026, 11, 27, 18, 40, 2, TimeSpan.FromHours(-5));

            pipeline.Formatted(at, flag: true, observed, ratio: 1.5, gain: 2.25m, maybe: at);
            pipeline.FlagEntity(false);
            pipeline.OffsetEntity(observed);
            pipeline.GenericEntity(true);
            pipeline.GenericEntity(at);
            pipeline.MemberEntity(new Observation { At = at });

            Activity formatted = scope.Single("formatted");
            Assert.Equal("2026-11-27T18:40:02.1170000Z", formatted.GetTagItem(HelixAttributes.EntityId));
            Assert.Equal("true", formatted.GetTagItem("helix.chime.flag"));
            Assert.Equal("2026-11-27T18:40:02.0000000-05:00", formatted.GetTagItem("helix.chime.observed"));
            Assert.Equal("1.5", formatted.GetTagItem("helix.chime.ratio"));
            Assert.Equal("2.25", formatted.GetTagItem("helix.chime.gain"));
            Assert.Equal("2026-11-27T18:40:02.1170000Z", formatted.GetTagItem("helix.chime.maybe"));
            Assert.Equal("false", scope.Single("formatted-bool").GetTagItem(HelixAttributes.EntityId));
            Assert.Equal("2026-11-27T18:40:02.0000000-05:00", scope.Single("formatted-offset").GetTagItem(HelixAttributes.EntityId));
            Assert.Equal(
                ["true", "2026-11-27T18:40:02.1170000Z"],
                scope.Spans.Where(static s => s.DisplayName == "formatted-generic").Select(static s => s.GetTagItem(HelixAttributes.EntityId)));
            Assert.Equal("2026-11-27T18:40:02.1170000Z", scope.Single("formatted-member").GetTagItem(HelixAttributes.EntityId));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public unsafe void Suppressed_errors_on_a_pointer_id_and_a_protected_member_through_a_base_type_run_without_telemetry()
    {
        using TelemetryScope scope = new();
        SuppressedShapes shapes = new();
        byte id = 7;

        shapes.FromPointer(&id);
        shapes.FromBase(new EntityBase());

        Assert.Equal(2, shapes.Calls);
        Assert.Empty(scope.Spans);
    }

    [Fact]
    public void Parents_that_throw_are_reported_in_a_warning_naming_the_method_and_the_exception()
    {
        WarningLog warnings = new();
        using TelemetryScope scope = new(configureLogging: logging => logging.AddProvider(warnings));
        IEnumerable<string> Failing()
        {
            yield return "block-x";
            throw new InvalidOperationException("catalogue went away");
        }

        new ShapePipeline().FromLazy("beam-w", Failing());

        Assert.Contains(warnings.Messages, static m => m.Contains("[Parents] of FromLazy", StringComparison.Ordinal)
            && m.Contains(nameof(InvalidOperationException), StringComparison.Ordinal));
    }

    [Fact]
    public void A_suppressed_error_runs_the_work_without_telemetry_and_never_throws()
    {
        using TelemetryScope scope = new();

        Assert.Equal(5, new ShapePipeline().Suppressed("evt-s"));

        Assert.DoesNotContain(scope.Spans, static s => s.DisplayName == "suppressed");
    }
}

/// <summary>Collects the warnings ChimeLogger logs.</summary>
internal sealed class WarningLog : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Collector(_messages);

    public void Dispose()
    {
    }

    private sealed class Collector(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                messages.Enqueue(formatter(state, exception));
            }
        }
    }
}
