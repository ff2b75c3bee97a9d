using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Commands;
using Stock.Application.Events;
using Stock.Application.Messaging;
using Stock.Domain;

namespace Stock.Hosts.Console.Commands;

/// <summary><c>stock check --legal-entity &lt;name&gt; [--marketplace wb|ozon]</c>: one check, then the relay; a summary table.</summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var legalEntity = CliOptions.LegalEntity();
        var marketplace = CliOptions.Marketplace(required: false);
        var command = new Command("check", "Check the stock of one legal entity, then publish its alerts.") { legalEntity, marketplace };
        command.SetAction((parse, cancellationToken) => StockCli.ExecuteAsync(
            context,
            async services =>
            {
                await Migrations.EnsureAsync(services, cancellationToken);
                var only = parse.GetValue(marketplace) is { } mp ? MarketplaceNames.Parse(mp) : (Marketplace?)null;
                var report = await services.GetRequiredService<IMessageBus>().SendAsync(new CheckStocks(parse.GetValue(legalEntity)!, only), cancellationToken);
                await Summary.WriteAsync(context.Output, report);
                return await Summary.ExitCodeAsync(context.Error, report);
            },
            listeners: registry => Progress.Register(registry, context)));
        return command;
    }
}

/// <summary>Progress of a running check on stderr, heard on the bus, when stderr is a terminal.</summary>
internal sealed class Progress(ProgressWriter writer) :
    IEventListener<CheckStarted>, IEventListener<ProductFetched>, IEventListener<MarketplaceChecked>
{
    public static void Register(MessageRegistry registry, CliContext context)
    {
        if (context.Error != System.Console.Error || System.Console.IsErrorRedirected)
        {
            return;
        }

        registry.Services.AddSingleton(new ProgressWriter(context.Error));
        registry.AddEventListener<CheckStarted, Progress>()
            .AddEventListener<ProductFetched, Progress>()
            .AddEventListener<MarketplaceChecked, Progress>();
    }

    public Task HandleAsync(CheckStarted message, CancellationToken cancellationToken) =>
        writer.LineAsync($"{message.Marketplace.ToWire()}: fetching products, stock and orders of {message.LegalEntity}…");

    public Task HandleAsync(ProductFetched message, CancellationToken cancellationToken) => writer.CountAsync(message.Sku.Marketplace);

    public Task HandleAsync(MarketplaceChecked message, CancellationToken cancellationToken) =>
        writer.LineAsync(message.Result.Succeeded
            ? $"{message.Result.Marketplace.ToWire()}: {message.Result.Products} products stored, {message.Result.Events.Total} events"
            : $"{message.Result.Marketplace.ToWire()}: failed: {message.Result.Error}");
}

internal sealed class ProgressWriter(TextWriter error)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Marketplace, int> _counts = [];

    public Task LineAsync(string line)
    {
        lock (_lock)
        {
            error.WriteLine(line);
        }

        return Task.CompletedTask;
    }

    public Task CountAsync(Marketplace marketplace)
    {
        lock (_lock)
        {
            var count = _counts[marketplace] = _counts.GetValueOrDefault(marketplace) + 1;
            if (count % 100 == 0)
            {
                error.WriteLine($"{marketplace.ToWire()}: {count} products merged…");
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>The readable summary of a check.</summary>
internal static class Summary
{
    /// <summary>0 when every marketplace succeeded and every event was delivered; else 1, with one line on stderr saying why.</summary>
    public static async Task<int> ExitCodeAsync(TextWriter error, CheckReport report)
    {
        if (report.EventsPending)
        {
            await error.WriteLineAsync($"stock: {Pending(report.Relay!)}");
            return StockCli.Failed;
        }

        if (!report.Succeeded)
        {
            await error.WriteLineAsync($"stock: {string.Join("; ", report.Marketplaces.Where(m => !m.Succeeded).Select(m => $"{m.Marketplace.ToWire()} failed"))}; what succeeded is stored");
            return StockCli.Failed;
        }

        return StockCli.Ok;
    }

    /// <summary>What a failed relay left behind, in one line.</summary>
    public static string Pending(RelayReport relay) => relay.Pending switch
    {
        < 0 => $"events wait in the outbox for the next relay: {relay.Error}",
        1 => $"1 event waits in the outbox for the next relay: {relay.Error}",
        var n => $"{n} events wait in the outbox for the next relay: {relay.Error}",
    };

    public static async Task WriteAsync(TextWriter output, CheckReport report)
    {
        await output.WriteLineAsync($"{report.LegalEntity}: check of {report.BusinessDate:yyyy-MM-dd}");
        var table = new TextTable("marketplace", "result", "products", "LowOnStock", "StockFBOOver", "StockFBOReceived");
        foreach (var result in report.Marketplaces)
        {
            table.Add(result.Marketplace.ToWire(), result.Error is null ? "ok" : "failed", result.Products, result.Events.LowOnStock, result.Events.StockFboOver, result.Events.StockFboReceived);
        }

        table.Add("total", report.Succeeded ? "ok" : "failed", report.Products, report.Events.LowOnStock, report.Events.StockFboOver, report.Events.StockFboReceived);
        await table.WriteAsync(output);
        foreach (var failure in report.Marketplaces.Where(m => !m.Succeeded))
        {
            await output.WriteLineAsync($"{failure.Marketplace.ToWire()} failed: {failure.Error}");
        }

        if (report.Relay is { } relay)
        {
            await output.WriteLineAsync(relay switch
            {
                { Skipped: true } => "relay: another relay is running; it will publish the events",
                { Error: { } error } => $"relay: {relay.Published} published, {relay.Suppressed} suppressed, stopped ({(relay.Pending < 0 ? "some" : relay.Pending)} pending): {error}",
                _ => $"relay: {relay.Published} published, {relay.Suppressed} suppressed as duplicates",
            });
        }
    }
}
