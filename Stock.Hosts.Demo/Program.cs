using Stock.Hosts.Demo;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await DemoCli.RunAsync(args, Console.Out, Console.Error, environment: null, cancel.Token);
