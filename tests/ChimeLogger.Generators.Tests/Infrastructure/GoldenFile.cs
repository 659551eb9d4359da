using System.Reflection;
using System.Text;

namespace ChimeLogger.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated source with <c>Golden/{name}.cs</c>. On a mismatch it writes <c>Golden/{name}.received.cs</c>
/// (ignored by git) and fails with a line diff. Accepting a change is an explicit step: review the received
/// file and copy it over the golden file, or run the tests with <c>CHIME_ACCEPT_GOLDEN=1</c>, which
/// overwrites the golden files with what was received (then review <c>git diff</c>).
/// </summary>
internal static class GoldenFile
{
    public const string AcceptVariable = "CHIME_ACCEPT_GOLDEN";

    public static string Directory { get; } = typeof(GoldenFile).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(static a => a.Key == "GoldenDirectory").Value!;

    public static void Verify(string name, string actual)
    {
        actual = Normalize(actual);
        string goldenPath = Path.Combine(Directory, name + ".cs");
        string receivedPath = Path.Combine(Directory, name + ".received.cs");
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(goldenPath, actual);
            File.Delete(receivedPath);
            return;
        }

        string? expected = File.Exists(goldenPath) ? Normalize(File.ReadAllText(goldenPath)) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        string message = expected is null
            ? $"No golden file {goldenPath}. Received output written to {receivedPath}; review it and rename it to accept (or run with {AcceptVariable}=1)."
            : $"Generated source differs from {goldenPath}. Received output written to {receivedPath}; review it and copy it over the golden file to accept (or run with {AcceptVariable}=1).\n{Diff(expected, actual)}";
        Assert.Fail(message);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    private static string Diff(string expected, string actual)
    {
        string[] left = expected.Split('\n');
        string[] right = actual.Split('\n');
        StringBuilder diff = new();
        int shown = 0;
        for (int i = 0; i < Math.Max(left.Length, right.Length) && shown < 40; i++)
        {
            string? l = i < left.Length ? left[i] : null;
            string? r = i < right.Length ? right[i] : null;
            if (l == r)
            {
                continue;
            }

            diff.Append("line ").Append(i + 1).Append('\n');
            if (l is not null)
            {
                diff.Append("- ").Append(l).Append('\n');
            }

            if (r is not null)
            {
                diff.Append("+ ").Append(r).Append('\n');
            }

            shown++;
        }

        return diff.ToString();
    }
}
