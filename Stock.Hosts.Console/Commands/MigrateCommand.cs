using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Stock.Hosts.Console.Localization;
using Stock.Infrastructure.Persistence;

namespace Stock.Hosts.Console.Commands;

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
            await context.Output.WriteLineAsync(context.Text.Format(nameof(ConsoleTexts.Migrate_Done), database.Describe()));
            return StockCli.Ok;
        }));
        return command;
    }
}

/// <summary>What every command does first: bring the schema up to date.</summary>
public static class Migrations
{
    /// <summary>Every command works on an up-to-date schema; applying no migration costs one query.</summary>
    public static Task EnsureAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<IStockDatabase>().MigrateAsync(cancellationToken);
}
