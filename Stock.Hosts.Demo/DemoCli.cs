using System.CommandLine;
using Stock.Hosts.Console;
using Stock.Hosts.Demo.Localization;

namespace Stock.Hosts.Demo;

/// <summary>
/// The <c>stock-demo</c> command: the demo (the root command) and <c>serve</c>, parsed and configured as <c>stock</c>
/// is (<see cref="StockCli"/>), with the same exit codes.
/// </summary>
internal static class DemoCli
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken) =>
        StockCli.RunAsync("stock-demo", Root, args, output, error, environment, cancellationToken, DemoTexts.ResourceManager);

    private static RootCommand Root(CliContext context)
    {
        var root = DemoCommand.Create(context);
        root.Add(ServeCommand.Create(context));
        return root;
    }
}
