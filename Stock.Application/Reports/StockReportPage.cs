using System.Globalization;
using System.Net;
using System.Text;
using Stock.Application.Commands;
using Stock.Domain;
using Stock.Domain.Products;

namespace Stock.Application.Reports;

/// <summary>
/// The report as one self-contained HTML page (nothing fetched from anywhere; inline style and SVG), openable from disk
/// and attachable to a message: a header with the legal entity, the business date and counts per status and per alert
/// band; a table most urgent first; and in each row a chart of the last 60 business days: the stock each day's last
/// check saw (line), the units ordered (bars), the days out of stock (shaded) and the days an alert was raised (marks).
/// The markup is well-formed XML, so that tools can read it as well as browsers.
/// </summary>
public static class StockReportPage
{
    private const int DayWidth = 4;
    private const int Height = 36;
    private const int Top = 6; // room for the alert marks

    private static readonly string _style = string.Join(' ', [
        "body{font:13px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px;color:#202124}",
        "h1{font-size:20px;margin:0 0 4px}",
        "header p{margin:0 0 8px;color:#5f6368}",
        ".counts{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 16px;padding:0;list-style:none}",
        ".counts li{background:#f1f3f4;border-radius:12px;padding:2px 10px}",
        ".counts li.band{background:#fce8e6}",
        "table{border-collapse:collapse;width:100%}",
        "th{text-align:left;position:sticky;top:0;background:#fff;border-bottom:2px solid #dadce0;padding:4px 6px}",
        "td{border-bottom:1px solid #f1f3f4;padding:3px 6px;vertical-align:middle}",
        "td.n{text-align:right;font-variant-numeric:tabular-nums}",
        "tr.urgent td.cover{color:#d93025;font-weight:600}",
        ".legend{color:#5f6368;margin:8px 0}",
        "svg{display:block}",
    ]);

    /// <summary>Writes <paramref name="report"/> as the page.</summary>
    public static async Task WriteAsync(StockReport report, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var page = new StringBuilder(4096);
        Header(page, report);
        await output.WriteAsync(page, cancellationToken);
        foreach (var chunk in report.Lines.Chunk(500))
        {
            page.Clear();
            foreach (var line in chunk)
            {
                Row(page, line);
            }

            await output.WriteAsync(page, cancellationToken);
        }

        await output.WriteAsync("</tbody></table></body></html>\n".AsMemory(), cancellationToken);
    }

    private static void Header(StringBuilder page, StockReport report)
    {
        var title = $"{report.LegalEntity}: stock on {report.BusinessDate:yyyy-MM-dd}";
        page.Append("<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width\"/>")
            .Append("<title>").Append(Text(title)).Append("</title><style>").Append(_style).Append("</style></head><body>")
            .Append("<header><h1>").Append(Text(report.LegalEntity)).Append("</h1><p>Business date ")
            .Append(report.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" · ")
            .Append(report.Lines.Count.ToString(CultureInfo.InvariantCulture)).Append(" products</p><ul class=\"counts\">");
        foreach (var (status, count) in report.Lines.GroupBy(l => l.Status?.ToWire() ?? "unclassified").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())))
        {
            page.Append("<li>").Append(Text(status)).Append(": ").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</li>");
        }

        foreach (var (band, count) in report.Lines.Where(l => l.AlertBand is not null).GroupBy(l => l.AlertBand!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())))
        {
            page.Append("<li class=\"band\">").Append(Text(band)).Append(": ").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</li>");
        }

        page.Append("</ul><p class=\"legend\">Chart of the last ").Append(StockReport.ChartDays.ToString(CultureInfo.InvariantCulture))
            .Append(" business days: the line is the stock each day's last check saw, bars the units ordered, shaded days out of stock, red marks the alerts raised.</p></header>")
            .Append("<table><thead><tr><th>mp</th><th>sku</th><th>vendor code</th><th>name</th><th>FBO</th><th>FBS</th><th>status</th>")
            .Append("<th>sales 30 d</th><th>days of cover</th><th>recommended supply</th><th>last alert</th><th>last 60 days</th></tr></thead><tbody>");
    }

    private static void Row(StringBuilder page, StockReportLine line)
    {
        var urgent = line.DaysOfCover is < 7;
        page.Append("<tr data-sku=\"").Append(line.Marketplace.ToWire()).Append(':').Append(Text(line.Sku)).Append('"');
        if (urgent)
        {
            page.Append(" class=\"urgent\"");
        }

        page.Append("><td>").Append(line.Marketplace.ToWire()).Append("</td>")
            .Append("<td><a href=\"").Append(Text(line.Url)).Append("\">").Append(Text(line.Sku)).Append("</a></td>")
            .Append("<td>").Append(Text(line.VendorCode)).Append("</td>")
            .Append("<td>").Append(Text(line.Name)).Append("</td>")
            .Append("<td class=\"n\">").Append(Number(line.StockFbo)).Append("</td>")
            .Append("<td class=\"n\">").Append(Number(line.StockFbs)).Append("</td>")
            .Append("<td>").Append(line.Status?.ToWire() ?? "").Append("</td>")
            .Append("<td class=\"n\">").Append(Number(line.Sales30Days)).Append("</td>")
            .Append("<td class=\"n cover\">").Append(line.DaysOfCover?.ToString("0.0", CultureInfo.InvariantCulture) ?? "∞").Append("</td>")
            .Append("<td class=\"n\">").Append(line.RecommendedSupply > 0 ? Number(line.RecommendedSupply) : "").Append("</td>")
            .Append("<td>").Append(Text(line.LastAlert ?? "")).Append("</td><td>");
        Chart(page, line);
        page.Append("</td></tr>\n");
    }

    /// <summary>One compact SVG: a path of shaded out-of-stock runs, one of order bars, one stock line, one of alert marks.</summary>
    private static void Chart(StringBuilder page, StockReportLine line)
    {
        var days = line.Days;
        var width = days.Count * DayWidth;
        var maxOrders = Math.Max(1, days.Max(d => d.Orders));
        var maxStock = Math.Max(1, days.Max(d => d.Stock ?? 0));
        page.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Number(width)).Append("\" height=\"").Append(Number(Height))
            .Append("\" viewBox=\"0 0 ").Append(Number(width)).Append(' ').Append(Number(Height)).Append("\" role=\"img\"><title>")
            .Append(Text(Summary(line))).Append("</title>");

        var shade = new StringBuilder();
        for (var i = 0; i < days.Count;)
        {
            if (days[i].InStock)
            {
                i++;
                continue;
            }

            var run = 0;
            while (i + run < days.Count && !days[i + run].InStock)
            {
                run++;
            }

            shade.Append('M').Append(Number(i * DayWidth)).Append(' ').Append(Number(Top)).Append('h').Append(Number(run * DayWidth))
                .Append('v').Append(Number(Height - Top)).Append('h').Append(Number(-run * DayWidth)).Append('z');
            i += run;
        }

        Path(page, shade, "fill=\"#fce8e6\"");

        var bars = new StringBuilder();
        for (var i = 0; i < days.Count; i++)
        {
            if (days[i].Orders > 0)
            {
                var h = Math.Max(1, (int)Math.Round((double)days[i].Orders / maxOrders * (Height - Top - 2)));
                bars.Append('M').Append(Number((i * DayWidth) + 1)).Append(' ').Append(Number(Height)).Append('v').Append(Number(-h)).Append("h2v").Append(Number(h)).Append('z');
            }
        }

        Path(page, bars, "fill=\"#8ab4f8\"");

        var stock = new StringBuilder();
        var drawing = false;
        for (var i = 0; i < days.Count; i++)
        {
            if (days[i].Stock is not { } level)
            {
                drawing = false;
                continue;
            }

            var y = Height - 1 - (int)Math.Round((double)level / maxStock * (Height - Top - 2));
            stock.Append(drawing ? 'L' : 'M').Append(Number((i * DayWidth) + 2)).Append(' ').Append(Number(y));
            if (!drawing && (i + 1 >= days.Count || days[i + 1].Stock is null))
            {
                stock.Append('h').Append('1'); // a lone day is a dot
            }

            drawing = true;
        }

        Path(page, stock, "fill=\"none\" stroke=\"#202124\" stroke-width=\"1.5\"");

        var marks = new StringBuilder();
        foreach (var alert in line.Alerts.Select(a => a.Date).Distinct())
        {
            var i = alert.DayNumber - days[0].Date.DayNumber;
            if (i >= 0 && i < days.Count)
            {
                marks.Append('M').Append(Number(i * DayWidth)).Append(" 0h").Append(Number(DayWidth)).Append("l-2 5z");
            }
        }

        Path(page, marks, "fill=\"#d93025\"");
        page.Append("</svg>");
    }

    private static string Summary(StockReportLine line)
    {
        var alerts = line.Alerts.Count == 0 ? "no alerts" : string.Join(", ", line.Alerts.Select(a => $"{a.EventType} {a.Date:MM-dd}"));
        var outOfStock = line.Days.Count(d => !d.InStock);
        return $"{line.Days.Sum(d => d.Orders)} ordered in {line.Days.Count} days, {outOfStock} out of stock; {alerts}";
    }

    private static void Path(StringBuilder page, StringBuilder data, string paint)
    {
        if (data.Length > 0)
        {
            page.Append("<path d=\"").Append(data).Append("\" ").Append(paint).Append("/>");
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(string value) => WebUtility.HtmlEncode(value);
}
