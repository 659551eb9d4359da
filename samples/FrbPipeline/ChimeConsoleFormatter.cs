using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace FrbPipeline;

/// <summary>
/// One line per record, for a person: time, Python level, category, then the CHIME context that
/// ChimeLogger attached to the record (entity, type, site), then the message.
/// </summary>
internal sealed class ChimeConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "chime";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        string message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        string resourceName = "-", resourceType = "", site = "";
        if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            foreach (KeyValuePair<string, object?> field in fields)
            {
                switch (field.Key)
                {
                    case "resource_name" when field.Value is string name && name != "unknown_name":
                        resourceName = name;
                        break;
                    case "resource_type" when field.Value is string type && type != "unknown_type":
                        resourceType = "/" + type;
                        break;
                    case "site" when field.Value is string value:
                        site = "@" + value;
                        break;
                }
            }
        }

        textWriter.Write(DateTime.Now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(' ');
        textWriter.Write(Level(logEntry.LogLevel).PadRight(8));
        textWriter.Write(logEntry.Category.PadRight(24));
        textWriter.Write($"{resourceName}{resourceType}{site}".PadRight(40));
        textWriter.Write(' ');
        textWriter.WriteLine(message);
        if (logEntry.Exception is not null)
        {
            textWriter.WriteLine("    " + logEntry.Exception.GetType().Name + ": " + logEntry.Exception.Message);
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "CRITICAL",
    };
}
