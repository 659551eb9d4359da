using System.Diagnostics;
using ChimeLogger.Generators.RunTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Generators.RunTests;

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

/// <summary>Reads an entity id and a parent that are implemented only explicitly.</summary>
public partial class ExplicitReader
{
    [Create("explicit-entity", ResourceType = "event")]
    public partial void FromExplicit([ResourceName("Id")] ExplicitCandidate candidate, [Parents("Id")] ExplicitBlock block);

    private void FromExplicitCore(ExplicitCandidate candidate, ExplicitBlock block)
    {
    }
}

/// <summary>
/// <c>[ResourceName("X")]</c> and <c>[Parents("X")]</c> read a member of a parameter as C# does: through the interface a
/// member is implemented for explicitly, a protected member of a base class through a value of the instrumented type.
/// A member whose getter throws: the generated code catches it, the span opens without that value, a warning names the
/// method and member, and the work runs as usual.
/// </summary>
[Collection(ProcessTelemetryCollection.Name)]
public sealed partial class MemberReadTests
{
    [Fact]
    public void A_member_implemented_only_explicitly_is_read_through_its_interface()
    {
        using TelemetryScope scope = new();

        new ExplicitReader().FromExplicit(new ExplicitCandidate(), new ExplicitBlock());

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
    public void A_throwing_resource_name_getter_opens_the_span_without_entity_id_warns_and_runs_the_work()
    {
        WarningLog warnings = new();
        using TelemetryScope scope = new(configureLogging: logging => logging.AddProvider(warnings));
        Stage stage = new();

        string result = stage.Register(new Unreadable());

        Assert.Equal("registered", result);
        Activity span = scope.Single("register-unreadable");
        Assert.Null(span.GetTagItem(HelixAttributes.EntityId));
        Assert.Null(span.GetTagItem(HelixAttributes.ParentIds));
        Assert.Contains(warnings.Messages, m => m.Contains("ResourceName(\"Id\")", StringComparison.Ordinal)
            && m.Contains("Register", StringComparison.Ordinal) && m.Contains(nameof(InvalidOperationException), StringComparison.Ordinal));
        Assert.Contains(warnings.Messages, m => m.Contains("Parents(\"Parents\")", StringComparison.Ordinal));
    }

    [Fact]
    public void A_throwing_getter_costs_nothing_and_is_not_called_when_nobody_listens()
    {
        Stage stage = new();
        Unreadable unreadable = new();

        Assert.Equal("registered", stage.Register(unreadable));
        Assert.Equal(0, unreadable.Reads);
    }

    public sealed class Unreadable
    {
        public int Reads { get; private set; }

        public string Id => throw new InvalidOperationException("Id is not loaded " + ++Reads);

        public IReadOnlyList<string> Parents => throw new InvalidOperationException("Parents are not loaded " + ++Reads);
    }

    public partial class Stage
    {
        [Create("register-unreadable", ResourceType = "event")]
        public partial string Register([ResourceName("Id"), Parents("Parents")] Unreadable item);

        private string RegisterCore(Unreadable item) => "registered";
    }
}
