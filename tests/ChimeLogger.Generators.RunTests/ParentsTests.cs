using System.Collections.Immutable;
using System.Diagnostics;
using ChimeLogger.Generators.RunTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Generators.RunTests;

/// <summary>Parents of every shape: a constrained type parameter, a lazy sequence, an immutable array.</summary>
public partial class ParentReader
{
    public IEnumerable<string>? ParentsSeenByCore { get; private set; }

    public List<string> ParentsEnumeratedByCore { get; } = new();

    public Exception? CoreSawException { get; private set; }

    [Create("gather", ResourceType = "beam")]
    public partial void Gather<TIds>([ResourceName] string id, [Parents] TIds blockIds)
        where TIds : IEnumerable<string>;

    private void GatherCore<TIds>(string id, TIds blockIds)
        where TIds : IEnumerable<string>
    {
    }

    /// <summary>The parameter is declared IEnumerable&lt;string&gt;: Core gets what was read for the span.</summary>
    [Create("lazy-parents", ResourceType = "beam")]
    public partial void FromLazy([ResourceName] string id, [Parents] IEnumerable<string> blockIds);

    private void FromLazyCore(string id, IEnumerable<string> blockIds)
    {
        ParentsSeenByCore = blockIds;
        ParentsEnumeratedByCore.Clear();
        try
        {
            foreach (string blockId in blockIds)
            {
                ParentsEnumeratedByCore.Add(blockId);
            }
        }
        catch (InvalidOperationException exception)
        {
            CoreSawException = exception;
        }
    }

    [Create("immutable-parents", ResourceType = "beam")]
    public partial int FromImmutable([ResourceName] string id, [Parents] ImmutableArray<string> blockIds);

    private int FromImmutableCore(string id, ImmutableArray<string> blockIds) => blockIds.IsDefault ? -1 : blockIds.Length;
}

/// <summary>
/// <c>[Parents]</c> read once, whatever the caller passes: a lazy sequence is enumerated once and Core gets what was read,
/// a collection reaches Core as the same object, a sequence that throws part way leaves the span without parents and
/// is reported in a warning, a default immutable array is no parents.
/// </summary>
[Collection(ProcessTelemetryCollection.Name)]
public sealed class ParentsTests
{
    [Fact]
    public void Parents_of_a_type_parameter_constrained_to_a_string_sequence_are_recorded()
    {
        using TelemetryScope scope = new();

        new ParentReader().Gather("beam-g", new HashSet<string> { "block-1" });

        Assert.Equal("block-1", scope.Single("gather").GetTagItem(HelixAttributes.ParentIds));
    }

    [Fact]
    public void A_lazy_parents_sequence_is_enumerated_once_and_core_gets_what_was_read()
    {
        using TelemetryScope scope = new();
        ParentReader pipeline = new();
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
        ParentReader pipeline = new();
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
        ParentReader pipeline = new();
        List<string> blocks = ["block-c"];

        pipeline.FromLazy("beam-c", blocks);

        Assert.Same(blocks, pipeline.ParentsSeenByCore);
        Assert.Equal("block-c", scope.Single("lazy-parents").GetTagItem(HelixAttributes.ParentIds));
    }

    [Fact]
    public void Parents_that_throw_part_way_leave_the_span_without_parents_and_core_sees_the_same_ids_and_exception()
    {
        using TelemetryScope scope = new();
        ParentReader pipeline = new();
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
    public void Parents_that_throw_are_reported_in_a_warning_naming_the_method_and_the_exception()
    {
        WarningLog warnings = new();
        using TelemetryScope scope = new(configureLogging: logging => logging.AddProvider(warnings));
        IEnumerable<string> Failing()
        {
            yield return "block-x";
            throw new InvalidOperationException("catalogue went away");
        }

        new ParentReader().FromLazy("beam-w", Failing());

        Assert.Contains(warnings.Messages, static m => m.Contains("[Parents] of FromLazy", StringComparison.Ordinal)
            && m.Contains(nameof(InvalidOperationException), StringComparison.Ordinal));
    }

    [Fact]
    public void A_default_immutable_array_of_parents_leaves_the_span_without_parents_and_core_still_runs()
    {
        using TelemetryScope scope = new();

        int result = new ParentReader().FromImmutable("beam-d", default);

        Assert.Equal(-1, result);
        Activity span = scope.Single("immutable-parents");
        Assert.Null(span.GetTagItem(HelixAttributes.ParentIds));
        Assert.Equal("beam-d", span.GetTagItem(HelixAttributes.EntityId));
    }

    [Fact]
    public void An_immutable_array_of_parents_is_recorded()
    {
        using TelemetryScope scope = new();

        Assert.Equal(2, new ParentReader().FromImmutable("beam-i", ["block-1", "block-2"]));

        Assert.Equal("block-1,block-2", scope.Single("immutable-parents").GetTagItem(HelixAttributes.ParentIds));
    }
}
