using System.Globalization;
using System.Net;
using System.Text;
using Stock.Application.Commands;
using Stock.Application.Localization;
using Stock.Domain;
using Stock.Domain.Products;

namespace Stock.Application.Reports;

/// <summary>
/// The report as one self-contained HTML page (nothing fetched from anywhere; inline style and SVG), openable from disk
/// and attachable to a message: a header with the legal entity, the business date and counts per status and per alert
/// band; a table most urgent first; and in each row a chart of the last 60 business days: the stock each day's last
/// check saw (line), the units ordered (bars), the days out of stock (shaded) and the days an alert was raised (marks).
/// The markup is well-formed XML, so that tools can read it as well as browsers. Its words, numbers and dates are in the
/// culture given (docs/localization.md); the marketplace codes and skus of the <c>data-sku</c> attributes are not.
/// </summary>
public static class StockReportPage
{
    private const int DayWidth = 4;
    private const int Height = 36;
    private const int Top = 6; // room for the alert marks

    // Rows are grid boxes, not table rows, so that rows off screen are neither laid out nor painted
    // (content-visibility): 20,000 products open in seconds (docs/performance.md).
    private const string Columns = "52px 96px 110px minmax(160px,1fr) 52px 52px 64px 86px 88px 64px 96px 104px 160px 252px";

    private static readonly string _style = string.Join(' ', [
        "body{font:13px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px;color:#202124}",
        "h1{font-size:20px;margin:0 0 4px}",
        "header p{margin:0 0 8px;color:#5f6368}",
        ".counts{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 16px;padding:0;list-style:none}",
        ".counts li{background:#f1f3f4;border-radius:12px;padding:2px 10px}",
        ".counts li.band{background:#fce8e6}",
        ".legend{color:#5f6368;margin:8px 0}",
        $".h,.r{{display:grid;grid-template-columns:{Columns};align-items:center}}",
        ".h{position:sticky;top:0;background:#fff;border-bottom:2px solid #dadce0;font-weight:600;z-index:1}",
        ".r{border-bottom:1px solid #f1f3f4;content-visibility:auto;contain-intrinsic-size:auto 44px}",
        ".h>div,.r>div{padding:3px 6px;overflow:hidden;text-overflow:ellipsis}",
        ".n{text-align:right;font-variant-numeric:tabular-nums}",
        ".r.urgent .cover{color:#d93025;font-weight:600}",
        "svg{display:block}",
    ]);

    /// <summary>Writes <paramref name="report"/> as the page, in <paramref name="culture"/> (one of <see cref="StockText.Cultures"/>).</summary>
    public static async Task WriteAsync(StockReport report, TextWriter output, CultureInfo culture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var text = new StockText(culture);
        var page = new StringBuilder(4096);
        Header(page, report, text);
        await output.WriteAsync(page, cancellationToken);
        foreach (var chunk in report.Lines.Chunk(500))
        {
            page.Clear();
            foreach (var line in chunk)
            {
                Row(page, line, text);
            }

            await output.WriteAsync(page, cancellationToken);
        }

        await output.WriteAsync("</div></div></body></html>\n".AsMemory(), cancellationToken);
    }

    private static void Header(StringBuilder page, StockReport report, StockText text)
    {
        var title = text.Format(nameof(ReportTexts.Page_Title), report.LegalEntity, text.Date(report.BusinessDate));
        page.Append("<!DOCTYPE html>\n<html lang=\"").Append(text.Culture.TwoLetterISOLanguageName).Append("\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width\"/>")
            .Append("<title>").Append(Text(title)).Append("</title><style>").Append(_style).Append("</style></head><body>")
            .Append("<header><h1>").Append(Text(report.LegalEntity)).Append("</h1><p>")
            .Append(Text(text.Format(nameof(ReportTexts.Page_Subtitle), text.Date(report.BusinessDate), text.Products(report.Lines.Count))))
            .Append("</p><ul class=\"counts\">");
        foreach (var (status, count) in report.Lines.GroupBy(l => l.Status).OrderBy(g => g.Key?.ToWire() ?? "~", StringComparer.Ordinal).Select(g => (g.Key, g.Count())))
        {
            page.Append("<li>").Append(Text(text.Status(status))).Append(": ").Append(text.Number(count)).Append("</li>");
        }

        foreach (var (band, count) in report.Lines.Where(l => l.AlertBand is not null).GroupBy(l => l.AlertBand!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())))
        {
            page.Append("<li class=\"band\">").Append(Text(text.Band(band))).Append(": ").Append(text.Number(count)).Append("</li>");
        }

        page.Append("</ul><p class=\"legend\">").Append(Text(text.Format(nameof(ReportTexts.Page_Legend), text.Days(StockReport.ChartDays))))
            .Append(' ').Append(Text(text[nameof(ReportTexts.Page_BandLegend)])).Append("</p></header>")
            .Append("<div class=\"t\" role=\"table\"><div class=\"h\" role=\"row\">");
        foreach (var heading in Headings(text))
        {
            page.Append("<div role=\"columnheader\">").Append(Text(heading)).Append("</div>");
        }

        page.Append("</div><div class=\"b\" role=\"rowgroup\">\n");
    }

    private static IEnumerable<string> Headings(StockText text) => Enum.GetValues<ReportColumn>().Select(text.Column);

    private static void Row(StringBuilder page, StockReportLine line, StockText text)
    {
        page.Append("<div class=\"r").Append(line.DaysOfCover is < 7 ? " urgent" : "").Append("\" role=\"row\" data-sku=\"")
            .Append(line.Marketplace.ToWire()).Append(':').Append(Text(line.Sku)).Append("\">");
        Cell(page, Text(text.Marketplace(line.Marketplace)));
        page.Append("<div role=\"cell\"><a href=\"").Append(Text(line.Url)).Append("\">").Append(Text(line.Sku)).Append("</a></div>");
        Cell(page, Text(line.VendorCode));
        Cell(page, Text(line.Name));
        Cell(page, text.Number(line.StockFbo), "n");
        Cell(page, text.Number(line.StockFbs), "n");
        Cell(page, line.InTransit > 0 ? text.Number(line.InTransit) : "", "n");
        Cell(page, Text(text.Status(line.Status)));
        Cell(page, text.Number(line.Sales30Days), "n");
        Cell(page, text.DaysOfCover(line.DaysOfCover), "n cover");
        Cell(page, line.ShipBy is { } shipBy ? text.Date(shipBy) : "");
        Cell(page, line.RecommendedSupply > 0 ? text.Number(line.RecommendedSupply) : "", "n");
        Cell(page, Text(text.LastAlert(line.AlertBand, line.AlertedOn)));
        page.Append("<div role=\"cell\">");
        Chart(page, line, text);
        page.Append("</div></div>\n");
    }

    private static void Cell(StringBuilder page, string content, string? css = null)
    {
        page.Append("<div role=\"cell\"");
        if (css is not null)
        {
            page.Append(" class=\"").Append(css).Append('"');
        }

        page.Append('>').Append(content).Append("</div>");
    }

    /// <summary>One compact SVG: a path of shaded out-of-stock runs, one of order bars, one stock line, one of alert marks.</summary>
    private static void Chart(StringBuilder page, StockReportLine line, StockText text)
    {
        var days = line.Days;
        var width = days.Count * DayWidth;
        var maxOrders = Math.Max(1, days.Max(d => d.Orders));
        var maxStock = Math.Max(1, days.Max(d => d.Stock ?? 0));
        page.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Number(width)).Append("\" height=\"").Append(Number(Height))
            .Append("\" viewBox=\"0 0 ").Append(Number(width)).Append(' ').Append(Number(Height)).Append("\" role=\"img\"><title>")
            .Append(Text(Summary(line, text))).Append("</title>");

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

        // Bars are strokes of one path, drawn relative to the one before: "m<dx> <back to the base>V<top>".
        var bars = new StringBuilder();
        var (barX, barY) = (-1, Height);
        for (var i = 0; i < days.Count; i++)
        {
            if (days[i].Orders > 0)
            {
                var top = Height - Math.Max(1, (int)Math.Round((double)days[i].Orders / maxOrders * (Height - Top - 2)));
                var x = (i * DayWidth) + 2;
                if (barX < 0)
                {
                    bars.Append('M').Append(Number(x)).Append(' ').Append(Number(Height));
                }
                else
                {
                    bars.Append('m').Append(Number(x - barX)).Append(' ').Append(Number(Height - barY));
                }

                bars.Append('V').Append(Number(top));
                (barX, barY) = (x, top);
            }
        }

        Path(page, bars, "stroke=\"#8ab4f8\" stroke-width=\"2\"");

        // The stock line, relative from day to day ("l4 <dy>"), broken where no check ran.
        var stock = new StringBuilder();
        int? lastY = null;
        for (var i = 0; i < days.Count; i++)
        {
            if (days[i].Stock is not { } level)
            {
                lastY = null;
                continue;
            }

            var y = Height - 1 - (int)Math.Round((double)level / maxStock * (Height - Top - 2));
            if (lastY is { } previous && i > 0 && days[i - 1].Stock is not null)
            {
                stock.Append('l').Append(Number(DayWidth)).Append(' ').Append(Number(y - previous));
            }
            else
            {
                stock.Append('M').Append(Number((i * DayWidth) + 2)).Append(' ').Append(Number(y));
                if (i + 1 >= days.Count || days[i + 1].Stock is null)
                {
                    stock.Append("h1"); // a lone day is a dot
                }
            }

            lastY = y;
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

    private static string Summary(StockReportLine line, StockText text)
    {
        var alerts = line.Alerts.Count == 0
            ? text[nameof(ReportTexts.Chart_NoAlerts)]
            : string.Join(", ", line.Alerts.Select(a => text.Format(nameof(ReportTexts.Chart_Alert), text.Alert(a.EventType), text.Date(a.Date))));
        var outOfStock = line.Days.Count(d => !d.InStock);
        return text.Format(nameof(ReportTexts.Chart_Summary), text.Number(line.Days.Sum(d => d.Orders)), text.Days(line.Days.Count), text.Days(outOfStock), alerts);
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
