using System.Globalization;

namespace FrbPipeline;

/// <summary>The sample's command line.</summary>
public sealed record SampleOptions
{
    public const string Usage = """
        Simulated CHIME/FRB pipeline instrumented with ChimeLogger.

        Usage: dotnet run --project samples/FrbPipeline -- [options]

          --events N          events to simulate (default 5)
          --seed N            random seed; the same seed gives the same entities and errors (default 20261127)
          --no-wait           exit when the run is summarised instead of keeping the local receiver up
          --ui-port N         port of the local receiver's web UI (default 18888; 0 picks a free port)
          --entities-port N   port of the local receiver's entity view (default 18890; 0 picks a free port)
          --receiver-url URL  with HERALD_ENDPOINT set: read the summary back from this receiver API
          --verbose           show every log record on the console, not only progress, warnings and errors
          --help              show this text

        Without HERALD_ENDPOINT the sample starts a local OTLP receiver with a web UI for traces and logs, and an
        entity view (what the herald would store: entities, provenance, operations, errors), and exports to it.
        With HERALD_ENDPOINT (and LOGS_ENDPOINT) set it exports there and starts nothing.
        """;

    public int Events { get; init; } = 5;
    public int Seed { get; init; } = 20261127;
    public bool NoWait { get; init; }
    public int UiPort { get; init; } = 18888;
    public int EntitiesPort { get; init; } = 18890;
    public Uri? ReceiverUrl { get; init; }
    public bool Verbose { get; init; }
    public bool Help { get; init; }

    /// <summary>Parses the arguments.</summary>
    /// <exception cref="ArgumentException">An argument is unknown or its value is invalid; the message says which.</exception>
    public static SampleOptions Parse(IReadOnlyList<string> args)
    {
        SampleOptions options = new();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            options = arg switch
            {
                "--events" => options with { Events = Number(arg, Value(args, ref i), min: 1, max: 100_000) },
                "--seed" => options with { Seed = Number(arg, Value(args, ref i), min: 0, max: int.MaxValue) },
                "--ui-port" => options with { UiPort = Number(arg, Value(args, ref i), min: 0, max: 65535) },
                "--entities-port" => options with { EntitiesPort = Number(arg, Value(args, ref i), min: 0, max: 65535) },
                "--receiver-url" => options with { ReceiverUrl = Url(arg, Value(args, ref i)) },
                "--no-wait" => options with { NoWait = true },
                "--verbose" => options with { Verbose = true },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown argument '{arg}'."),
            };
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number >= min && number <= max
            ? number
            : throw new ArgumentException($"{name} '{value}' is not a whole number from {min} to {max}.");

    private static Uri Url(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new ArgumentException($"{name} '{value}' is not an http:// or https:// URL.");
}
