namespace ChimeLogger.Benchmarks.Reporting;

/// <summary>The closing section of the report: what each case measures.</summary>
internal static class Methodology
{
    public const string Text = "";
}
