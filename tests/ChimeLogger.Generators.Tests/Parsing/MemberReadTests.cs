using System.Globalization;
using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static ChimeLogger.Generators.Tests.Infrastructure.DiagnosticVerifier;
using static ChimeLogger.Generators.Tests.Infrastructure.UserCode;

namespace ChimeLogger.Generators.Tests.Parsing;

/// <summary>
/// <c>[ResourceName("X")]</c> and <c>[Parents("X")]</c> read a member of a parameter as C# would: which members are
/// found (through base types, interfaces, nullable value types), and what CHIME015 says about one that cannot be read,
/// for each accessibility, including members of another assembly.
/// </summary>
public class MemberReadTests
{
    [Theory]
    [InlineData("private", "private", "")]
    [InlineData("protected", "protected", "; a protected member is readable only through a value of type 'Pipeline' or a type derived from it")]
    [InlineData("private protected", "private protected", "; a protected member is readable only through a value of type 'Pipeline' or a type derived from it")]
    public async Task CHIME015_names_the_accessibility_of_a_member_that_exists(string declared, string described, string why)
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + $$"""
            public class Candidate { {{declared}} string Id { get; } = ""; }

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName({|CHIME015:"Id"|})] Candidate candidate);
                private void RegisterCore(Candidate candidate) { }
            }
            """);

        Assert.Equal(
            $"[ResourceName(\"Id\")] on 'candidate': 'Candidate.Id' exists but is {described} and cannot be read from 'Pipeline' through a value of type 'Candidate'{why}",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CHIME015_for_a_protected_member_read_through_a_base_typed_parameter()
    {
        // C# reads a protected member only through the reading type or a type derived from it (CS1540).
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public class Entity { protected string Id { get; } = ""; }

            public partial class Stage : Entity
            {
                [Operate("touch", ResourceType = "event")]
                public partial void Touch([ResourceName({|CHIME015:"Id"|})] Entity other);
                private void TouchCore(Entity other) { }

                [Operate("touch-own", ResourceType = "event")]
                public partial void TouchOwn([ResourceName("Id")] Stage other);
                private void TouchOwnCore(Stage other) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.UnknownResourceNameMember,
            "[ResourceName(\"Id\")] on 'other': 'Entity.Id' exists but is protected and cannot be read from 'Stage' through a value of type 'Entity'; a protected member is readable only through a value of type 'Stage' or a type derived from it");
    }

    [Fact]
    public async Task CHIME015_names_the_nearest_of_several_members_that_cannot_be_read()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public class Record { private string Id { get; } = ""; }
            public class Candidate : Record { private new string Id { get; } = ""; }

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName({|CHIME015:"Id"|})] Candidate candidate);
                private void RegisterCore(Candidate candidate) { }
            }
            """);

        Assert.Equal(
            "[ResourceName(\"Id\")] on 'candidate': 'Candidate.Id' exists but is private and cannot be read from 'Pipeline' through a value of type 'Candidate'",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CHIME015_refuses_a_member_implemented_explicitly_for_an_interface_the_method_cannot_see()
    {
        // The property is public, as interface members are, but a cast to the private interface would not compile here.
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public class Holder
            {
                private interface IHidden { string Id { get; } }

                public sealed class Candidate : IHidden { string IHidden.Id => ""; }
            }

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName({|CHIME015:"Id"|})] Holder.Candidate candidate);
                private void RegisterCore(Holder.Candidate candidate) { }
            }
            """);

        Assert.Equal(
            "[ResourceName(\"Id\")] on 'candidate': 'Holder.Candidate' implements 'Id' explicitly for the interface 'Holder.IHidden', which cannot be seen from 'Pipeline'",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("internal", "internal", "")]
    [InlineData("protected internal", "protected internal", "; a protected member is readable only through a value of type 'Pipeline' or a type derived from it")]
    public async Task CHIME015_names_the_accessibility_of_a_member_of_another_assembly(string declared, string described, string why)
    {
        CSharpCompilation library = GeneratorHarness.Compile($$"""
            namespace Library;
            public class Candidate { {{declared}} string Id { get; } = ""; public string Name { get; } = ""; }
            """);
        CSharpCompilation application = GeneratorHarness.Compile(Usings + """
            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName("Id")] Library.Candidate candidate);
                private void RegisterCore(Library.Candidate candidate) { }

                [Operate("name", ResourceType = "event")]
                public partial void Name([ResourceName("Name")] Library.Candidate candidate);
                private void NameCore(Library.Candidate candidate) { }
            }
            """).AddReferences(library.ToMetadataReference());

        List<Diagnostic> diagnostics = (await GeneratorHarness.AnalyzeCompilationAsync(application))
            .Where(static d => d.Id.StartsWith("CHIME", StringComparison.Ordinal))
            .ToList();

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("CHIME015", diagnostic.Id);
        Assert.Equal(
            $"[ResourceName(\"Id\")] on 'candidate': 'Library.Candidate.Id' exists but is {described} and cannot be read from 'Pipeline' through a value of type 'Library.Candidate'{why}",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("public static string Id { get; } = \"\";")]
    [InlineData("public static string Id = \"\";")]
    [InlineData("public string this[string Id] => Id;")]
    [InlineData("public string Id() => \"\";")]
    public async Task Static_members_indexers_and_methods_are_not_readable_members(string member)
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + $$"""
            public class Candidate { {{member}} }

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName({|CHIME015:"Id"|})] Candidate candidate);
                private void RegisterCore(Candidate candidate) { }
            }
            """);

        Assert.Equal(
            "[ResourceName(\"Id\")] on 'candidate': type 'Candidate' has no readable property or field named 'Id'",
            Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Members_are_found_on_base_types_inherited_interfaces_constraints_and_nullable_value_types()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            namespace Chime;

            public interface IHasId { string Id { get; } }
            public interface IEvent : IHasId { }
            public class Base { public string Key = ""; }
            public sealed class Derived : Base { }
            public struct Block { public string Id; }
            public struct Hidden : IHasId { readonly string IHasId.Id => "h"; }

            public partial class Stage
            {
                [Operate("from-interface", ResourceType = "event")]
                public partial void FromInterface([ResourceName("Id")] IEvent item);
                private void FromInterfaceCore(IEvent item) { }

                [Operate("from-base", ResourceType = "event")]
                public partial void FromBase([ResourceName("Key")] Derived item);
                private void FromBaseCore(Derived item) { }

                [Operate("from-nullable", ResourceType = "event")]
                public partial void FromNullable([ResourceName("Id")] Block? item);
                private void FromNullableCore(Block? item) { }

                [Operate("from-constraint", ResourceType = "event")]
                public partial void FromConstraint<T>([ResourceName("Id")] T item) where T : IEvent;
                private void FromConstraintCore<T>(T item) where T : IEvent { }

                [Operate("from-struct", ResourceType = "event")]
                public partial void FromStruct([ResourceName("Id")] Hidden item);
                private void FromStructCore(Hidden item) { }
            }
            """);

        Assert.Empty(run.Problems);
        string generated = run.Sources.Single().SourceText.ToString();
        Assert.Contains("static item => item.Id, \"FromInterface\"", generated, StringComparison.Ordinal);
        Assert.Contains("static item => item.Key, \"FromBase\"", generated, StringComparison.Ordinal);
        Assert.Contains("static item => item?.Id, \"FromNullable\"", generated, StringComparison.Ordinal);
        Assert.Contains("static item => item.Id, \"FromConstraint\"", generated, StringComparison.Ordinal);
        Assert.Contains("static item => ((global::Chime.IHasId)item).Id, \"FromStruct\"", generated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_implemented_only_explicitly_is_read_through_its_interface()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public interface IHasId { string Id { get; } }
            public sealed class Candidate : IHasId { string IHasId.Id => "evt"; }

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName("Id")] Candidate? candidate);
                private void RegisterCore(Candidate? candidate) { }
            }
            """);
        Assert.Empty(run.Problems);
        Assert.Contains("((global::IHasId?)candidate)?.Id", Assert.Single(run.Sources).SourceText.ToString(), StringComparison.Ordinal);
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public interface IHasId { string Id { get; } }
            public readonly struct Candidate : IHasId { string IHasId.Id => "evt"; }

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName("Id")] Candidate candidate);
                private void RegisterCore(Candidate candidate) { }
            }
            """);
    }
}
