using System.Diagnostics;
using ChimeLogger.Generators.RunTests.Infrastructure;

namespace ChimeLogger.Generators.RunTests;

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

/// <summary>A Core kept for old callers.</summary>
public partial class LegacyStage
{
    [Obsolete("Kept for old callers; the generated call must not warn.")]
    private void LegacyCore(string id)
    {
    }

    [Operate("legacy", ResourceType = "event")]
    public partial void Legacy([ResourceName] string id);
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

#pragma warning disable CHIME004 // Suppressing the error says "run this without telemetry".
    [Create("suppressed", ResourceType = "event")]
    public partial int Suppressed(string id);
#pragma warning restore CHIME004

    private int SuppressedCore(string id) => id.Length;
}

/// <summary>
/// Declarations that compile and run as a package consumer builds them (warnings are errors in CI): a Core inherited from
/// a base class, a default method of a variant interface, an obsolete Core; and errors suppressed where they are
/// reported, whose generated body only calls Core, so that the work runs without telemetry and never throws.
/// </summary>
[Collection(ProcessTelemetryCollection.Name)]
public sealed class DeclarationShapeTests
{
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

        new LegacyStage().Legacy("evt-legacy");

        Assert.Equal("evt-legacy", scope.Single("legacy").GetTagItem(HelixAttributes.EntityId));
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
    public void A_suppressed_error_runs_the_work_without_telemetry_and_never_throws()
    {
        using TelemetryScope scope = new();

        Assert.Equal(5, new SuppressedShapes().Suppressed("evt-s"));

        Assert.DoesNotContain(scope.Spans, static s => s.DisplayName == "suppressed");
    }
}
