using ChimeLogger.Generators.Caching;
using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static ChimeLogger.Generators.Tests.Infrastructure.UserCode;

namespace ChimeLogger.Generators.Tests.Caching;

/// <summary>
/// The generator reads an unchanged method again only when a declaration changed: an edit inside a method body elsewhere
/// reuses what was read, and any change that could alter what the generated code says (a constant, a member, a
/// preprocessor directive) makes it read the method again, so the generated code never goes stale.
/// </summary>
public class DeclarationEpochTests
{
    private const string Pipeline = """
        using ChimeLogger;

        namespace Chime;

        public partial class Pipeline
        {
            [Operate(Names.Register, ResourceType = "event")]
            public partial void Register([ResourceName("Id")] Event item);

            private void RegisterCore(Event item) { }
        }
        """;

    private const string Declarations = """
        namespace Chime;

        public static class Names
        {
            public const string Register = "register";

            public static string Describe() => "names: " + Register;
        }

        public sealed class Event
        {
            public string Id => "evt-1";
        }
        """;

    [Fact]
    public void An_edit_inside_a_method_body_elsewhere_keeps_the_epoch_and_the_read_method_is_reused()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        Compilation edited = ReplaceIn(compilation, "Source1.cs", "\"names: \"", "\"known names: \"");

        Assert.Same(DeclarationEpoch.Of(compilation, default), DeclarationEpoch.Of(edited, default));

        ParsedMethods.t_reads = 0;
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Equal(1, ParsedMethods.t_reads);
        string before = Generated(driver);

        ParsedMethods.t_reads = 0;
        driver = driver.RunGenerators(edited);

        Assert.Equal(0, ParsedMethods.t_reads); // Roslyn called the transform again; the method was not read again
        Assert.Equal(before, Generated(driver));
    }

    [Fact]
    public void A_changed_constant_that_an_attribute_reads_regenerates_with_the_new_value()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        Compilation edited = ReplaceIn(compilation, "Source1.cs", "Register = \"register\"", "Register = \"enroll\"");

        Assert.NotSame(DeclarationEpoch.Of(compilation, default), DeclarationEpoch.Of(edited, default));
        (string before, string after) = GenerateAcross(compilation, edited);
        Assert.Contains("\"register\"", before, StringComparison.Ordinal);
        Assert.Contains("\"enroll\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renamed_member_in_another_file_is_read_again()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        Compilation edited = ReplaceIn(compilation, "Source1.cs", "public string Id =>", "public string Key =>");

        (string before, string after) = GenerateAcross(compilation, edited);
        Assert.Contains(".Id", before, StringComparison.Ordinal);

        // [ResourceName("Id")] no longer finds its member: the method is not instrumented any more (CHIME error).
        Assert.DoesNotContain(".Id", after, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_directive_starts_a_new_epoch()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, "#nullable enable\n" + Declarations));
        Compilation edited = ReplaceIn(compilation, "Source1.cs", "#nullable enable", "#nullable disable");

        Assert.NotSame(DeclarationEpoch.Of(compilation, default), DeclarationEpoch.Of(edited, default));
    }

    [Fact]
    public void A_define_that_turns_off_a_member_in_another_file_regenerates_without_it()
    {
        string declarations = "#define WITH_ID\n" + Declarations.Replace("    public string Id", "#if WITH_ID\n    public string Id", StringComparison.Ordinal)
            .Replace("\"evt-1\";", "\"evt-1\";\n#endif", StringComparison.Ordinal);
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, declarations));
        Compilation edited = ReplaceIn(compilation, "Source1.cs", "#define WITH_ID", "#define WITHOUT_ID");

        (string before, string after) = GenerateAcross(compilation, edited);
        Assert.Contains(".Id", before, StringComparison.Ordinal);
        Assert.DoesNotContain(".Id", after, StringComparison.Ordinal);
    }

    [Fact]
    public void An_added_directive_starts_a_new_epoch()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        Compilation edited = ReplaceIn(compilation, "Source1.cs", "namespace Chime;", "#nullable enable\nnamespace Chime;");

        Assert.NotSame(DeclarationEpoch.Of(compilation, default), DeclarationEpoch.Of(edited, default));
    }

    [Fact]
    public void Changed_compilation_options_start_a_new_epoch_and_regenerate()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        Compilation edited = compilation.WithOptions(((CSharpCompilationOptions)compilation.Options).WithNullableContextOptions(NullableContextOptions.Disable));
        Assert.NotEqual(compilation.Options.NullableContextOptions, edited.Options.NullableContextOptions);

        Assert.NotSame(DeclarationEpoch.Of(compilation, default), DeclarationEpoch.Of(edited, default));
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        ParsedMethods.t_reads = 0;
        driver.RunGenerators(edited);
        Assert.Equal(1, ParsedMethods.t_reads); // the same syntax nodes, read again under the new options
    }

    [Fact]
    public void Changed_parse_options_of_a_tree_start_a_new_epoch()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        CSharpParseOptions options = ((CSharpParseOptions)tree.Options).WithPreprocessorSymbols("CHIME_TRACE");
        Compilation edited = compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(tree.GetRoot(), options));

        Assert.NotSame(DeclarationEpoch.Of(compilation, default), DeclarationEpoch.Of(edited, default));
    }

    [Fact]
    public void A_moved_file_starts_a_new_epoch()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        Compilation edited = compilation.ReplaceSyntaxTree(tree, tree.WithFilePath("Model/Declarations.cs"));

        Assert.NotSame(DeclarationEpoch.Of(compilation, default), DeclarationEpoch.Of(edited, default));
    }

    [Fact]
    public void An_added_file_starts_a_new_epoch()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        Compilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Chime; public static class More { }", (CSharpParseOptions)compilation.SyntaxTrees.First().Options, "Source2.cs"));

        Assert.NotSame(DeclarationEpoch.Of(compilation, default), DeclarationEpoch.Of(edited, default));
    }

    [Fact]
    public void A_compilation_asked_twice_has_one_epoch()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));

        Assert.Same(DeclarationEpoch.Of(compilation, default), DeclarationEpoch.Of(compilation, default));
    }

    [Fact]
    public void Two_projects_compiled_in_turn_each_keep_their_epoch_across_a_body_edit()
    {
        Compilation first = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        Compilation second = Unique(GeneratorHarness.Compile(Pipeline, Declarations.Replace("Describe", "Summarize", StringComparison.Ordinal)));
        DeclarationEpoch firstEpoch = DeclarationEpoch.Of(first, default);
        DeclarationEpoch.Of(second, default); // the other project of the solution, compiled in between

        Compilation edited = ReplaceIn(first, "Source1.cs", "\"names: \"", "\"known names: \"");

        Assert.Same(firstEpoch, DeclarationEpoch.Of(edited, default));
    }

    [Fact]
    public void Options_rebuilt_with_the_same_values_keep_the_epoch()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        CSharpCompilationOptions options = (CSharpCompilationOptions)compilation.Options;
        CSharpCompilationOptions rebuilt = new(options.OutputKind, nullableContextOptions: options.NullableContextOptions);
        Assert.NotSame(options, rebuilt);
        Assert.Equal(options, rebuilt);

        Assert.Same(DeclarationEpoch.Of(compilation, default), DeclarationEpoch.Of(compilation.WithOptions(rebuilt), default));
    }

    [Fact]
    public void A_cancelled_comparison_throws_and_decides_nothing()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        DeclarationEpoch epoch = DeclarationEpoch.Of(compilation, default);
        Compilation edited = ReplaceIn(compilation, "Source1.cs", "\"names: \"", "\"known names: \"");

        Assert.Throws<OperationCanceledException>(() => DeclarationEpoch.Of(edited, new CancellationToken(canceled: true)));

        Assert.Same(epoch, DeclarationEpoch.Of(edited, default));
    }

    [Fact]
    public void A_replaced_reference_starts_a_new_epoch()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        MetadataReference last = compilation.References.Last();
        Compilation edited = compilation.ReplaceReference(last, MetadataReference.CreateFromFile(typeof(DeclarationEpochTests).Assembly.Location));
        Assert.Equal(compilation.References.Count(), edited.References.Count());

        Assert.NotSame(DeclarationEpoch.Of(compilation, default), DeclarationEpoch.Of(edited, default));
    }

    [Fact]
    public void Another_reference_starts_a_new_epoch()
    {
        Compilation compilation = Unique(GeneratorHarness.Compile(Pipeline, Declarations));
        Compilation edited = compilation.AddReferences(MetadataReference.CreateFromFile(typeof(DeclarationEpochTests).Assembly.Location));

        Assert.NotSame(DeclarationEpoch.Of(compilation, default), DeclarationEpoch.Of(edited, default));
    }

    // Other tests compile under the same assembly name at the same time: a name of its own keeps this test's
    // compilations each other's predecessors.
    private static Compilation Unique(Compilation compilation) => compilation.WithAssemblyName("Epoch" + Guid.NewGuid().ToString("N"));

    // What the generator writes for a compilation and then for its edit, through one driver, as an IDE runs it.
    private static (string Before, string After) GenerateAcross(Compilation compilation, Compilation edited)
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        string before = Generated(driver);
        return (before, Generated(driver.RunGenerators(edited)));
    }

    private static string Generated(GeneratorDriver driver) =>
        string.Concat(driver.GetRunResult().Results[0].GeneratedSources.Select(static s => s.SourceText.ToString()));

}
