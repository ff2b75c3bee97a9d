using Stock.Application.Alerts;
using Stock.Application.Commands;
using Stock.Application.Localization;
using Stock.Domain;
using Stock.Hosts.Console.Localization;

namespace Stock.Hosts.Console.Commands;

/// <summary>The readable summary of a check, in the culture of its texts (docs/localization.md).</summary>
public static class Summary
{
    /// <summary>A column per alert type, in the catalogue's order, as people call it.</summary>
    public static IEnumerable<string> AlertColumns(StockText text) => AlertCatalogue.All.Select(a => text.Alert(a.Name));

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
    public static async Task WriteAsync(TextWriter output, CheckReport report, StockText text)
    {
        await output.WriteLineAsync(text.Format(nameof(ConsoleTexts.Check_Title), report.LegalEntity, text.Date(report.BusinessDate)));
        var table = new TextTable(text, [text[nameof(ConsoleTexts.Check_Marketplace)], text[nameof(ConsoleTexts.Check_Result)], text[nameof(ConsoleTexts.Check_Products)], .. AlertColumns(text)]);
        foreach (var result in report.Marketplaces)
        {
            table.Add([text.Marketplace(result.Marketplace), Result(text, result.Error is null), result.Products, .. AlertCells(result.Events)]);
        }

        table.Add([text[nameof(ConsoleTexts.Check_Total)], Result(text, report.Succeeded), report.Products, .. AlertCells(report.Events)]);
        await table.WriteAsync(output);
        foreach (var failure in report.Marketplaces.Where(m => !m.Succeeded))
        {
            await output.WriteLineAsync(text.Format(nameof(ConsoleTexts.Check_FailedLine), text.Marketplace(failure.Marketplace), failure.Error));
        }

        if (report.Relay is { } relay)
        {
            await output.WriteLineAsync(Relay(text, relay));
        }
    }

    /// <summary>What a relay did, in one line.</summary>
    public static string Relay(StockText text, RelayReport relay) => relay switch
    {
        { Error: { } error } => text.Format(nameof(ConsoleTexts.Relay_Stopped), relay.Published, relay.Suppressed,
            relay.Pending < 0 ? text[nameof(ConsoleTexts.Relay_SomePending)] : text.Number(relay.Pending), error),
        _ => text.Format(nameof(ConsoleTexts.Relay_Done), relay.Published, relay.Suppressed),
    };

    /// <summary>"ok" or "failed", as people read it.</summary>
    public static string Result(StockText text, bool succeeded) => text[succeeded ? nameof(ConsoleTexts.Result_Ok) : nameof(ConsoleTexts.Result_Failed)];
}
