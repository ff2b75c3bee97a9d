using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Commands;
using Stock.Application.Localization;
using Stock.Application.Messaging;
using Stock.Domain;
using Stock.Domain.Products;
using Stock.Hosts.Console.Localization;

namespace Stock.Hosts.Console.Commands;

/// <summary><c>stock report --legal-entity &lt;name&gt; [--format table|json|csv]</c>.</summary>
public static class ReportCommand
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The command, on <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var legalEntity = CliOptions.LegalEntity();
        var format = new Option<string>("--format") { Description = "table, json, csv or html (one self-contained page with a chart per product).", DefaultValueFactory = _ => "table" }.AcceptOnlyFromAmong("table", "json", "csv", "html");
        var output = new Option<string?>("--output") { Description = "Write the report to this file instead of stdout." };
        var command = new Command("report", "Products of a legal entity, most urgent first: stock, status, sales over 30 days, days of cover, recommended supply, alerts.") { legalEntity, format, output };
        command.SetAction((parse, cancellationToken) => StockCli.ExecuteAsync(context, async services =>
        {
            await Migrations.EnsureAsync(services, cancellationToken);
            var report = await services.GetRequiredService<IMessageBus>().SendAsync(new ReportStock(parse.GetValue(legalEntity)!), cancellationToken);
            if (parse.GetValue(output) is { } file)
            {
                await using var writer = new StreamWriter(file, append: false, new System.Text.UTF8Encoding(false));
                await WriteAsync(writer, report, parse.GetValue(format)!, context.Text, cancellationToken);
                await context.Output.WriteLineAsync(context.Text.Format(nameof(ConsoleTexts.Report_Written), context.Text.Products(report.Lines.Count), Path.GetFullPath(file)));
            }
            else
            {
                await WriteAsync(context.Output, report, parse.GetValue(format)!, context.Text, cancellationToken);
            }

            return StockCli.Ok;
        }));
        return command;
    }

    /// <summary>
    /// The report in <paramref name="format"/>: <c>table</c> and <c>html</c> for people, in the culture of
    /// <paramref name="text"/>; <c>json</c> and <c>csv</c> for machines, the same in every culture.
    /// </summary>
    public static Task WriteAsync(TextWriter output, StockReport report, string format, StockText text, CancellationToken cancellationToken) => format switch
    {
        "json" => output.WriteLineAsync(JsonSerializer.Serialize(report.Lines.Select(Row), _json)),
        "csv" => WriteCsvAsync(output, report),
        "html" => Stock.Application.Reports.StockReportPage.WriteAsync(report, output, text.Culture, cancellationToken),
        _ => WriteTableAsync(output, report, text),
    };

    /// <summary>The products as a table, most urgent first.</summary>
    public static Task WriteTableAsync(TextWriter output, StockReport report, StockText text)
    {
        var table = new TextTable(
            text,
            text.Column(ReportColumn.Marketplace), text.Column(ReportColumn.Sku), text.Column(ReportColumn.VendorCode), text.Column(ReportColumn.Name),
            text.Column(ReportColumn.Fbo), text.Column(ReportColumn.Fbs), text.Column(ReportColumn.InTransit), text.Column(ReportColumn.Status),
            text.Column(ReportColumn.Sales30Days), text.Column(ReportColumn.DaysOfCover), text.Column(ReportColumn.ShipBy), text.Column(ReportColumn.LastAlert));
        foreach (var line in report.Lines)
        {
            table.Add(text.Marketplace(line.Marketplace), line.Sku, line.VendorCode, Shorten(line.Name, 32), line.StockFbo, line.StockFbs, line.InTransit, text.Status(line.Status),
                line.Sales30Days, line.DaysOfCover, line.ShipBy, text.LastAlert(line.AlertBand, line.AlertedOn));
        }

        return table.WriteAsync(output);
    }

    private static async Task WriteCsvAsync(TextWriter output, StockReport report)
    {
        await output.WriteLineAsync("marketplace,sku,vendor_code,name,stock_fbo,stock_fbs,status,sales_30_days,days_of_cover,last_alert,in_transit,ship_by");
        foreach (var line in report.Lines)
        {
            await output.WriteLineAsync(string.Join(',', new[]
            {
                line.Marketplace.ToWire(), line.Sku, line.VendorCode, line.Name, Number(line.StockFbo), Number(line.StockFbs), line.Status?.ToWire() ?? "",
                Number(line.Sales30Days), line.DaysOfCover?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", line.LastAlert ?? "",
                Number(line.InTransit), Date(line.ShipBy),
            }.Select(Csv)));
        }
    }

    private static object Row(StockReportLine line) => new
    {
        marketplace = line.Marketplace.ToWire(),
        line.Sku,
        line.VendorCode,
        line.Name,
        line.StockFbo,
        line.StockFbs,
        status = line.Status?.ToWire(),
        sales_30_days = line.Sales30Days,
        line.DaysOfCover,
        line.RecommendedSupply,
        line.LastAlert,
        in_transit = line.InTransit,
        ship_by = Date(line.ShipBy) is { Length: > 0 } shipBy ? shipBy : null,
        line.Url,
        days = line.Days.Select(d => new { date = d.Date, orders = d.Orders, in_stock = d.InStock, stock = d.Stock }),
        alerts = line.Alerts.Select(a => new { date = a.Date, event_type = a.EventType }),
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
