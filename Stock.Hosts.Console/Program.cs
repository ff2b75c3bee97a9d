using Stock.Hosts.Console;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await StockCli.RunAsync(args, Console.Out, Console.Error, environment: null, cancel.Token);
