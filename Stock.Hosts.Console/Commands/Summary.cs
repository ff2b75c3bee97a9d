using Stock.Application.Alerts;
using Stock.Application.Commands;
using Stock.Domain;

namespace Stock.Hosts.Console.Commands;

/// <summary>The readable summary of a check.</summary>
public static class Summary
{
    /// <summary>A column per alert type, in the catalogue's order.</summary>
    public static IEnumerable<string> AlertColumns => AlertCatalogue.All.Select(a => a.Name);

    /// <summary>The cells of <see cref="AlertColumns"/>: the counts, or empty cells when there are none.</summary>
    public static IEnumerable<object?> AlertCells(EventCounts? events) => events?.ByType.Select(c => (object?)c.Value) ?? AlertCatalogue.All.Select(_ => (object?)null);

    /// <summary>0 when every marketplace succeeded and every event was delivered; else 1, with one line on stderr saying why.</summary>
    public static async Task<int> ExitCodeAsync(TextWriter error, CheckReport report)
    {
        if (report.EventsPending)
        {
            await error.WriteLineAsync($"stock: {report.Relay!.PendingLine}");
            return StockCli.Failed;
        }

        if (!report.Succeeded)
        {
            await error.WriteLineAsync($"stock: {string.Join("; ", report.Marketplaces.Where(m => !m.Succeeded).Select(m => $"{m.Marketplace.ToWire()} failed"))}; what succeeded is stored");
            return StockCli.Failed;
        }

        return StockCli.Ok;
    }

    /// <summary>The check's table (per marketplace and in total), its failures, and what its relay did.</summary>
    public static async Task WriteAsync(TextWriter output, CheckReport report)
    {
        await output.WriteLineAsync($"{report.LegalEntity}: check of {report.BusinessDate:yyyy-MM-dd}");
        var table = new TextTable(["marketplace", "result", "products", .. AlertColumns]);
        foreach (var result in report.Marketplaces)
        {
            table.Add([result.Marketplace.ToWire(), result.Error is null ? "ok" : "failed", result.Products, .. AlertCells(result.Events)]);
        }

        table.Add(["total", report.Succeeded ? "ok" : "failed", report.Products, .. AlertCells(report.Events)]);
        await table.WriteAsync(output);
        foreach (var failure in report.Marketplaces.Where(m => !m.Succeeded))
        {
            await output.WriteLineAsync($"{failure.Marketplace.ToWire()} failed: {failure.Error}");
        }

        if (report.Relay is { } relay)
        {
            await output.WriteLineAsync(relay switch
            {
                { Error: { } error } => $"relay: {relay.Published} published, {relay.Suppressed} suppressed, stopped ({(relay.Pending < 0 ? "some" : relay.Pending)} pending): {error}",
                _ => $"relay: {relay.Published} published, {relay.Suppressed} suppressed as duplicates",
            });
        }
    }
}
