namespace ChimeLogger.Generators.Tests.Infrastructure;

/// <summary>The generated source of one instrumented type, and the checks the shape tests make on it.</summary>
internal static class GeneratedCode
{
    /// <summary>Runs the generator on <paramref name="source"/>; asserts one generated file and no error or warning anywhere.</summary>
    public static string Generate(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Problems);
        return Assert.Single(run.Sources).SourceText.ToString();
    }

    /// <summary>Asserts that <paramref name="generated"/> holds <paramref name="expected"/> as a whole line, indentation aside.</summary>
    public static void AssertLine(string generated, string expected)
    {
        string[] lines = generated.Split('\n').Select(static l => l.Trim()).ToArray();
        Assert.True(lines.Contains(expected, StringComparer.Ordinal), $"Expected the line\n{expected}\nin the generated source:\n{generated}");
    }
}
