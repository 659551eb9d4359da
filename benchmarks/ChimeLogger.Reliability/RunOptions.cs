using System.Globalization;

namespace ChimeLogger.Reliability;

/// <summary>The command line of a reliability run: <c>--name value</c> pairs, each with a default.</summary>
internal sealed class RunOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public RunOptions(IEnumerable<string> args)
    {
        string? name = null;
        foreach (string arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (name is not null)
                {
                    _values[name] = "true";
                }

                name = arg[2..];
            }
            else if (name is not null)
            {
                _values[name] = arg;
                name = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}': options are --name value.");
            }
        }

        if (name is not null)
        {
            _values[name] = "true";
        }
    }

    public double Number(string name, double fallback) =>
        _values.TryGetValue(name, out string? text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public string? Text(string name, string? fallback = null) => _values.GetValueOrDefault(name, fallback!);

    public bool Flag(string name) => _values.TryGetValue(name, out string? text) && text == "true";

    /// <summary>The options that reach ChimeLogger, as given.</summary>
    public void Apply(ChimeLoggerOptions options)
    {
        if (Text("retry") is { } retry)
        {
            options.ExportRetry = Enum.Parse<ExportRetryMode>(retry, ignoreCase: true);
        }

        options.ExportRetryPath = Text("retry-path");
        if (_values.ContainsKey("window"))
        {
            options.ExportRetryWindow = TimeSpan.FromSeconds(Number("window", 0));
        }

        if (_values.ContainsKey("disk-limit-mb"))
        {
            options.ExportRetryDiskLimitBytes = (long)(Number("disk-limit-mb", 0) * 1024 * 1024);
        }

        if (_values.ContainsKey("queue"))
        {
            options.ExportQueueSize = (int)Number("queue", 0);
        }
    }
}
