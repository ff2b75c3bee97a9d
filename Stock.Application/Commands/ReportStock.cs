using Microsoft.Extensions.Options;
using Stock.Application.Marketplaces;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Products;
using Stock.Domain.Rules;

namespace Stock.Application.Commands;

/// <summary>The stored products of a legal entity with their sales window and last alert.</summary>
/// <param name="LegalEntity">The legal entity's name.</param>
public sealed record ReportStock(string LegalEntity) : ICommand<StockReport>;

/// <summary>One business day of a product in the report: orders, whether it was in stock, and the stock seen.</summary>
/// <param name="Date">The business date.</param>
/// <param name="Orders">Units ordered.</param>
/// <param name="InStock">Whether it was in stock (a day with no record was not).</param>
/// <param name="Stock">The stock the last check of that day saw; null when no check ran that day.</param>
public sealed record StockReportDay(DateOnly Date, int Orders, bool InStock, int? Stock);

/// <summary>An alert Stock raised about a product.</summary>
/// <param name="Date">The business date it was raised.</param>
/// <param name="EventType">The alert's type: one of <see cref="Alerts.AlertCatalogue"/>.</param>
public sealed record StockReportAlert(DateOnly Date, string EventType);

/// <summary>One line of the report.</summary>
/// <param name="Marketplace">The marketplace.</param>
/// <param name="Sku">The marketplace id.</param>
/// <param name="VendorCode">The seller's article.</param>
/// <param name="Name">The product name.</param>
/// <param name="Url">The product page.</param>
/// <param name="StockFbo">Stock on marketplace warehouses.</param>
/// <param name="StockFbs">Stock on the seller's warehouses.</param>
/// <param name="Status">The status, or null before the first classification.</param>
/// <param name="Sales30Days">Sales of the 30-day window (actual or extrapolated).</param>
/// <param name="DaysOfCover">Days the stock lasts at the window's rate; null when nothing sells.</param>
/// <param name="RecommendedSupply">Units that bring the stock to <c>Stock:Rules:TargetCoverDays</c> of cover (0 when covered).</param>
/// <param name="AlertBand">The low-on-stock band the product's memory holds (<c>sent_3</c>, <c>sent_6</c>, <c>sent_12</c>), or null.</param>
/// <param name="LastAlert">The band last alerted and when, or null.</param>
/// <param name="Days">The last <see cref="StockReport.ChartDays"/> business days, oldest first, today last.</param>
/// <param name="Alerts">The alerts raised about it in those days, as the outbox still holds them.</param>
public sealed record StockReportLine(
    Marketplace Marketplace,
    string Sku,
    string VendorCode,
    string Name,
    string Url,
    int StockFbo,
    int StockFbs,
    ProductStatus? Status,
    long Sales30Days,
    double? DaysOfCover,
    int RecommendedSupply,
    string? AlertBand,
    string? LastAlert,
    IReadOnlyList<StockReportDay> Days,
    IReadOnlyList<StockReportAlert> Alerts)
{
    /// <summary>Units on their way to the marketplace's warehouses.</summary>
    public int InTransit { get; init; }

    /// <summary>The business date the band of <see cref="AlertBand"/> was alerted, or null.</summary>
    public DateOnly? AlertedOn { get; init; }

    /// <summary>
    /// The date by which a supply must ship so that the marketplace's warehouses do not run out (docs/forecast.md);
    /// null when nothing sells or the supply rule is off for it.
    /// </summary>
    public DateOnly? ShipBy { get; init; }
}

/// <summary>The report of one legal entity on one business date.</summary>
/// <param name="LegalEntity">The legal entity's name.</param>
/// <param name="BusinessDate">The business date the windows end before.</param>
/// <param name="Lines">One line per product, most urgent first: ship-by date ascending, then days of cover (never selling last), then marketplace and sku.</param>
public sealed record StockReport(string LegalEntity, DateOnly BusinessDate, IReadOnlyList<StockReportLine> Lines)
{
    /// <summary>How many business days each line's history covers.</summary>
    public const int ChartDays = 60;
}

internal sealed class ReportStockHandler(IUnitOfWorkFactory units, MarketplaceRegistry marketplaces, TimeProvider time, IOptions<StockOptions> options) : ICommandHandler<ReportStock, StockReport>
{
    public async Task<StockReport> HandleAsync(ReportStock command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var today = BusinessCalendar.DateOf(now, settings.BusinessTimeZone);
        var first = today.AddDays(1 - StockReport.ChartDays);
        await using var unit = units.Begin();
        var entity = await LegalEntities.FindAsync(unit, command.LegalEntity, cancellationToken);
        var historyFrom = today.AddDays(-Math.Max(settings.Rules.HistoryDaysNeeded, StockReport.ChartDays));
        var products = await unit.Products.ListAsync(entity.Id, historyFrom, cancellationToken);
        var alerts = (await unit.Outbox.SinceAsync(entity.Id, now.AddDays(-StockReport.ChartDays - 1), cancellationToken))
            .Select(m => (Key: (m.Attributes.GetValueOrDefault("marketplace"), m.Attributes.GetValueOrDefault("sku")), Alert: new StockReportAlert(BusinessCalendar.DateOf(m.CreatedAt, settings.BusinessTimeZone), m.EventType)))
            .Where(a => a.Alert.Date >= first)
            .ToLookup(a => a.Key, a => a.Alert);

        var lines = products.Select(p =>
        {
            var window = SalesWindow.Compute(p.History, p.Stock, today, settings.Rules.SalesWindowDays);
            var days = Enumerable.Range(0, StockReport.ChartDays).Select(i =>
            {
                var date = first.AddDays(i);
                var record = p.History.Find(date);
                return new StockReportDay(date, record?.Quantity ?? 0, record?.InStock ?? false, record?.Stock);
            }).ToArray();
            return new StockReportLine(
                p.Sku.Marketplace,
                p.Sku.Id,
                p.Sku.VendorCode,
                p.Name,
                p.Url,
                p.StockFbo,
                p.StockFbs,
                p.Status,
                window.SalesQuantity,
                double.IsInfinity(window.DaysOfCover) ? null : Math.Round(window.DaysOfCover, 1),
                window.RecommendedSupply(settings.Rules.TargetCoverDays),
                p.NotifiedBand?.ToWire(),
                p.NotifiedBand is { } band ? $"{band.ToWire()} on {p.NotifiedOn:yyyy-MM-dd}" : null,
                days,
                alerts[(p.Sku.Marketplace.ToWire(), p.Sku.Id)].OrderBy(a => a.Date).ToArray())
            {
                InTransit = p.InTransit,
                AlertedOn = p.NotifiedBand is null ? null : p.NotifiedOn,
                ShipBy = p.ShipBy(today, settings.Rules),
            };
        })
        .OrderBy(l => l.ShipBy ?? DateOnly.MaxValue)
        .ThenBy(l => l.DaysOfCover ?? double.MaxValue)
        .ThenBy(l => marketplaces.OrderOf(l.Marketplace))
        .ThenBy(l => l.Sku, StringComparer.Ordinal)
        .ToArray();
        return new StockReport(entity.Name.Value, today, lines);
    }
}
