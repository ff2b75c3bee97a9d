using Stock.Hosts.Console;

using var signals = new StopSignals();
return signals.ExitCode(await StockCli.RunAsync(args, Console.Out, Console.Error, environment: null, signals.Token));
