namespace ChimeLogger.Generators.Model;

/// <summary>
/// How the generator names the files it adds. Parsing needs it too: a partial implementation in such a file is the
/// generator's own, not the user's.
/// </summary>
internal static class GeneratedFiles
{
    /// <summary>Every generated file name ends with this.</summary>
    public const string HintNameSuffix = ".ChimeLogger.g.cs";
}
