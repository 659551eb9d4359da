using System.Collections.Immutable;

namespace ChimeLogger.Generators.RunTests;

// Method shapes that once made the generated code fail to compile, or that read a value wrongly. Each is compiled
// here by the generator as a package consumer gets it (warnings are errors in CI) and run by HardenedShapeTests.

/// <summary>An entity id implemented only explicitly: <c>value.Id</c> does not compile, <c>((IHasEntityId)value).Id</c> does.</summary>
public interface IHasEntityId
{
    string Id { get; }
}

public sealed class ExplicitCandidate : IHasEntityId
{
    string IHasEntityId.Id => "evt-explicit";
}

public readonly struct ExplicitBlock : IHasEntityId
{
    string IHasEntityId.Id => "block-explicit";
}

public class EntityBase
{
    protected string Secret { get; init; } = "evt-protected";
}

/// <summary>A protected member of the base class read through a value of the instrumented type itself (allowed by C#).</summary>
public partial class ProtectedReader : EntityBase
{
    [Operate("read-protected", ResourceType = "event")]
    public partial void Read([ResourceName("Secret")] ProtectedReader other);

    private void ReadCore(ProtectedReader other)
    {
    }
}

public class StageBase
{
    public List<string> Ran { get; } = new();

    protected void ProcessCore(string id, HelixToken token)
    {
        Ran.Add(id);
        token.SetAttribute("helix.chime.base_core", "true");
    }
}

/// <summary>A Core inherited from a base class.</summary>
public partial class InheritingStage : StageBase
{
    [Operate("inherited-core", ResourceType = "event")]
    public partial void Process([ResourceName] string id);
}

/// <summary>A variant interface with an instrumented default method: the generated part repeats <c>out T</c>.</summary>
public partial interface IProducer<out T>
{
    T Produce();

    [Create("produce", ResourceType = "item")]
    public partial string Make([ResourceName] string id);

    private string MakeCore(string id) => "made-" + id + "-" + Produce();
}

public sealed class StringProducer : IProducer<string>
{
    public string Produce() => "string";
}

public partial class ShapePipeline
{
    public IEnumerable<string>? ParentsSeenByCore { get; private set; }

    public List<string> ParentsEnumeratedByCore { get; } = new();

    public Exception? CoreSawException { get; private set; }

    [Create("explicit-entity", ResourceType = "event")]
    public partial void FromExplicit([ResourceName("Id")] ExplicitCandidate candidate, [Parents("Id")] ExplicitBlock block);

    private void FromExplicitCore(ExplicitCandidate candidate, ExplicitBlock block)
    {
    }

    [Obsolete("Kept for old callers; the generated call must not warn.")]
    private void LegacyCore(string id)
    {
    }

    [Operate("legacy", ResourceType = "event")]
    public partial void Legacy([ResourceName] string id);

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

    [Create("formatted", ResourceType = "event")]
    public partial void Formatted(
        [ResourceName] DateTime at,
        [SpanAttribute("helix.chime.flag")] bool flag,
        [SpanAttribute("helix.chime.observed")] DateTimeOffset observed,
        [SpanAttribute("helix.chime.ratio")] double ratio,
        [SpanAttribute("helix.chime.gain")] decimal gain,
        [SpanAttribute("helix.chime.maybe")] DateTime? maybe);

    private void FormattedCore(DateTime at, bool flag, DateTimeOffset observed, double ratio, decimal gain, DateTime? maybe)
    {
    }

    [Operate("formatted-bool", ResourceType = "flag")]
    public partial void FlagEntity([ResourceName] bool id);

    private void FlagEntityCore(bool id)
    {
    }

    [Operate("formatted-offset", ResourceType = "event")]
    public partial void OffsetEntity([ResourceName] DateTimeOffset id);

    private void OffsetEntityCore(DateTimeOffset id)
    {
    }

    [Operate("formatted-generic", ResourceType = "event")]
    public partial void GenericEntity<TId>([ResourceName] TId id);

    private void GenericEntityCore<TId>(TId id)
    {
    }

    [Operate("formatted-member", ResourceType = "event")]
    public partial void MemberEntity([ResourceName("At")] Observation observation);

    private void MemberEntityCore(Observation observation)
    {
    }

#pragma warning disable CHIME004 // Suppressing the error says "run this without telemetry".
    [Create("suppressed", ResourceType = "event")]
    public partial int Suppressed(string id);
#pragma warning restore CHIME004

    private int SuppressedCore(string id) => id.Length;
}

public sealed class Observation
{
    public DateTime? At { get; init; }
}

/// <summary>
/// Shapes the analyzers report as errors, with the error suppressed: the generated body only calls Core, so the work
/// runs without telemetry, never a throw.
/// </summary>
public unsafe partial class SuppressedShapes : EntityBase
{
    public int Calls { get; private set; }

#pragma warning disable CHIME016 // A pointer has no text to be an entity id.
    [Operate("pointer-id", ResourceType = "event")]
    public partial void FromPointer([ResourceName] byte* id);
#pragma warning restore CHIME016

    private void FromPointerCore(byte* id) => Calls++;

#pragma warning disable CHIME015 // A protected member read through a base-typed value (CS1540 in hand-written code).
    [Operate("protected-through-base", ResourceType = "event")]
    public partial void FromBase([ResourceName("Secret")] EntityBase other);
#pragma warning restore CHIME015

    private void FromBaseCore(EntityBase other) => Calls++;
}

