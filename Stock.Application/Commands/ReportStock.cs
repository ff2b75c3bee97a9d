using Microsoft.Extensions.Options;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Products;
using Stock.Domain.Rules;

namespace Stock.Application.Commands;

/// <summary>The stored products of a legal entity with their sales window and last alert.</summary>
/// <param name="LegalEntity">The legal entity's name.</param>
public sealed record ReportStock(string LegalEntity) : ICommand<StockReport>;

/// <summary>One line of the report.</summary>
/// <param name="Marketplace">The marketplace.</param>
/// <param name="Sku">The marketplace id.</param>
/// <param name="VendorCode">The seller's article.</param>
/// <param name="Name">The product name.</param>
/// <param name="StockFbo">Stock on marketplace warehouses.</param>
/// <param name="StockFbs">Stock on the seller's warehouses.</param>
/// <param name="Status">The status, or null before the first classification.</param>
/// <param name="Sales30Days">Sales of the 30-day window (actual or extrapolated).</param>
/// <param name="DaysOfCover">Days the stock lasts at the window's rate; null when nothing sells.</param>
/// <param name="LastAlert">The band last alerted and when, or null.</param>
public sealed record StockReportLine(
    Marketplace Marketplace,
    string Sku,
    string VendorCode,
    string Name,
    int StockFbo,
    int StockFbs,
    ProductStatus? Status,
    long Sales30Days,
    double? DaysOfCover,
    string? LastAlert);

/// <summary>The report of one legal entity on one business date.</summary>
/// <param name="LegalEntity">The legal entity's name.</param>
/// <param name="BusinessDate">The business date the windows end before.</param>
/// <param name="Lines">One line per product, by marketplace and sku.</param>
public sealed record StockReport(string LegalEntity, DateOnly BusinessDate, IReadOnlyList<StockReportLine> Lines);

internal sealed class ReportStockHandler(IUnitOfWorkFactory units, TimeProvider time, IOptions<StockOptions> options) : ICommandHandler<ReportStock, StockReport>
{
    public async Task<StockReport> HandleAsync(ReportStock command, CancellationToken cancellationToken)
    {
        LegalEntityName name;
        try
        {
            name = LegalEntityName.From(command.LegalEntity);
        }
        catch (DomainException ex)
        {
            throw new CheckRejectedException(CheckRejection.InvalidInput, ex.Message);
        }

        var settings = options.Value;
        var today = BusinessCalendar.DateOf(time.GetUtcNow(), settings.BusinessTimeZone);
        await using var unit = units.Begin();
        var entity = await unit.LegalEntities.FindByNameAsync(name, cancellationToken)
            ?? throw new CheckRejectedException(CheckRejection.UnknownLegalEntity, $"Unknown legal entity '{name}'.");
        var products = await unit.Products.ListAsync(entity.Id, today.AddDays(-settings.Rules.HistoryDaysNeeded), cancellationToken);
        var lines = products.Select(p =>
        {
            var window = SalesWindow.Compute(p.History, p.Stock, today, settings.Rules.SalesWindowDays);
            return new StockReportLine(
                p.Sku.Marketplace,
                p.Sku.Id,
                p.Sku.VendorCode,
                p.Name,
                p.StockFbo,
                p.StockFbs,
                p.Status,
                window.SalesQuantity,
                double.IsInfinity(window.DaysOfCover) ? null : Math.Round(window.DaysOfCover, 1),
                p.NotifiedBand is { } band ? $"{band.ToWire()} on {p.NotifiedOn:yyyy-MM-dd}" : null);
        }).ToArray();
        return new StockReport(entity.Name.Value, today, lines);
    }
}
