using System.Globalization;

namespace ChimeLogger.Benchmarks.Export;

/// <summary>Child processes from /proc (Linux); nothing elsewhere.</summary>
internal static class ProcessTree
{
    public static IEnumerable<int> Descendants(int root)
    {
        Dictionary<int, List<int>> children = [];
        foreach (string dir in SafeDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            int? parent = ParentOf(dir);
            if (parent is int ppid)
            {
                if (!children.TryGetValue(ppid, out List<int>? list))
                {
                    children[ppid] = list = [];
                }

                list.Add(pid);
            }
        }

        Stack<int> pending = new([root]);
        while (pending.Count > 0)
        {
            if (children.TryGetValue(pending.Pop(), out List<int>? list))
            {
                foreach (int child in list)
                {
                    yield return child;
                    pending.Push(child);
                }
            }
        }
    }

    private static IEnumerable<string> SafeDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so read after the last ')'.
    private static int? ParentOf(string dir)
    {
        try
        {
            string stat = File.ReadAllText(Path.Combine(dir, "stat"));
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int ppid) ? ppid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
