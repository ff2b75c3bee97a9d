using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Commands;
using Stock.Application.Messaging;
using Stock.Infrastructure.Persistence;

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
            await context.Output.WriteLineAsync($"relay: {relay.Published} published, {relay.Suppressed} suppressed as duplicates");
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

/// <summary><c>stock migrate</c>: create or upgrade the schema.</summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("migrate", "Create or upgrade the database schema.");
        command.SetAction((_, cancellationToken) => StockCli.ExecuteAsync(context, async services =>
        {
            await Migrations.EnsureAsync(services, cancellationToken);
            var database = services.GetRequiredService<DatabaseOptions>();
            await context.Output.WriteLineAsync($"migrate: {database.Describe()} is up to date");
            return StockCli.Ok;
        }));
        return command;
    }
}

internal static class Migrations
{
    /// <summary>Every command works on an up-to-date schema; applying no migration costs one query.</summary>
    public static Task EnsureAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<IStockDatabase>().MigrateAsync(cancellationToken);
}
