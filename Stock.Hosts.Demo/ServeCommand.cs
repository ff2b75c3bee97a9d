using Stock.Application.Messaging;
using System.CommandLine;
using System.Text;
using Stock.Hosts.Console;
using Stock.Simulation;

namespace Stock.Hosts.Demo;

/// <summary>
/// <c>stock-demo serve [--env-file &lt;file&gt;]</c>: the simulated Wildberries and Ozon with the demo seller, on the
/// real clock, until stopped (Ctrl+C or SIGTERM), so that the real <c>stock</c> (a build, a published folder, its
/// container) can be tried against them: the settings that point it there and the demo seller's keys are printed as
/// environment variables, <c>NAME=value</c> a line, and written so to <c>--env-file</c>, the form of
/// <c>docker run --env-file</c> (some names hold a dot, which a shell's <c>export</c> refuses and <c>env</c> takes).
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var envFile = new Option<string?>("--env-file") { Description = "Also write the variables to this file (NAME=value a line, as docker run --env-file reads), once the marketplaces answer." };
        var command = new Command("serve", "Serve the simulated Wildberries and Ozon with the demo seller until stopped, and print the settings that point `stock` at them.") { envFile };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(envFile) is { } given ? Path.GetFullPath(given) : null;
            if (file is not null && !Directory.Exists(Path.GetDirectoryName(file)))
            {
                await context.Error.WriteLineAsync($"{context.Name}: --env-file {file}: its folder does not exist.");
                return StockCli.BadInput;
            }

            await using var simulation = await SimulatedMarketplaces.StartAsync(TimeProvider.System, cancellationToken);
            var scenario = DemoScenario.Create(simulation);
            var variables = simulation.ConfigurationValues()
                .Select(v => (Name: v.Key.Replace(":", "__", StringComparison.Ordinal), Value: v.Value ?? ""))
                .Append(("STOCK_DEMO_SELLER", DemoScenario.Seller))
                .Append(("STOCK_DEMO_WB_TOKEN", scenario.WbToken))
                .Append(("STOCK_DEMO_OZON_CLIENT_ID", DemoScenario.OzonClientId))
                .Append(("STOCK_DEMO_OZON_API_KEY", DemoScenario.OzonApiKey))
                .ToArray();
            var text = new StringBuilder();
            foreach (var (name, value) in variables)
            {
                text.Append(name).Append('=').Append(value).Append('\n');
            }

            if (file is not null)
            {
                // Written whole under another name, then renamed: a reader that waits for the file never sees half of it.
                try
                {
                    await File.WriteAllTextAsync(file + ".tmp", text.ToString(), new UTF8Encoding(false), cancellationToken);
                    File.Move(file + ".tmp", file, overwrite: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await context.Error.WriteLineAsync($"{context.Name}: --env-file {file} cannot be written: {ErrorText.Of(ex)}");
                    return StockCli.BadInput;
                }
            }

            await context.Output.WriteAsync(text.ToString());
            await context.Output.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            return StockCli.Ok;
        });
        return command;
    }
}
