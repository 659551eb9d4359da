using System.Globalization;
using ChimeLogger;
using ChimeLogger.Reliability;

// Reliability runs (docs/reliability.md; scripts/reliability/*.sh run them). Modes:
//   run      a pipeline in this process against a counting receiver child process that is killed by pid at
//            --outage-at seconds and started again --outage seconds later; memory sampled every second.
//   crash    a pipeline child process (mode "pipeline") with disk retry, killed with SIGKILL during an outage; then a
//            next run with the receiver back; counts what of the first run was delivered.
//   pipeline the child of "crash".
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: ChimeLogger.Reliability run|crash|pipeline [--option value ...] (scripts/reliability/run.sh runs each case of docs/reliability.md)");
    return 2;
}

RunOptions options = new(args.Skip(1));
return args[0] switch
{
    "run" => OutageRun.Run(options),
    "crash" => CrashRun.Run(options),
    "pipeline" => CrashRun.Pipeline(options),
    _ => 2,
};
