using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Commands;
using Stock.Application.Messaging;
using Stock.Hosts.Console.Localization;

namespace Stock.Hosts.Console.Commands;

/// <summary><c>stock relay</c>: publish pending outbox rows.</summary>
internal static class RelayCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("relay", "Publish the pending events of the outbox.");
        command.SetAction((_, cancellationToken) => StockCli.ExecuteAsync(context, async services =>
        {
            await Migrations.EnsureAsync(services, cancellationToken);
            var relay = await services.GetRequiredService<IMessageBus>().SendAsync(new RelayOutbox(), cancellationToken);
            await context.Output.WriteLineAsync(context.Text.Format(nameof(ConsoleTexts.Relay_Done), relay.Published, relay.Suppressed));
            if (relay.Error is not null)
            {
                await context.Error.WriteLineAsync($"stock: {relay.PendingLine}");
                return StockCli.Failed;
            }

            return StockCli.Ok;
        }));
        return command;
    }
}
