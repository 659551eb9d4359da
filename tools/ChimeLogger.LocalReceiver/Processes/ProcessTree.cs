using System.Globalization;

namespace ChimeLogger.LocalReceiver.Processes;

/// <summary>Reads the process tree from Linux <c>/proc</c>, to stop the dashboard and everything it started.</summary>
internal static class ProcessTree
{
    /// <summary>The ids of every process under <paramref name="processId"/> (Linux <c>/proc</c>; empty elsewhere).</summary>
    public static List<int> Descendants(int processId)
    {
        List<int> found = [];
        Queue<int> pending = new([processId]);
        while (pending.TryDequeue(out int parent))
        {
            string[] tasks;
            try
            {
                tasks = Directory.GetDirectories($"/proc/{parent.ToString(CultureInfo.InvariantCulture)}/task");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (string task in tasks)
            {
                string children;
                try
                {
                    children = File.ReadAllText(Path.Combine(task, "children"));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                foreach (string child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(child, NumberStyles.None, CultureInfo.InvariantCulture, out int id) && !found.Contains(id))
                    {
                        found.Add(id);
                        pending.Enqueue(id);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Whether a process still runs: it exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int processId)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            int end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
