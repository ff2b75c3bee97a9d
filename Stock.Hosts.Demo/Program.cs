using Stock.Hosts.Console;
using Stock.Hosts.Demo;

using var signals = new StopSignals();
return signals.ExitCode(await DemoCli.RunAsync(args, Console.Out, Console.Error, environment: null, signals.Token));
