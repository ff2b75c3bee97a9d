using Stock.Domain;
using Stock.Domain.Products;

namespace Stock.Application.Events;

/// <summary>A check of one marketplace of a legal entity started.</summary>
/// <param name="CheckId">The check run.</param>
/// <param name="LegalEntityId">The legal entity.</param>
/// <param name="LegalEntity">Its name.</param>
/// <param name="Marketplace">The marketplace checked.</param>
/// <param name="BusinessDate">The business date of the check.</param>
public sealed record CheckStarted(Guid CheckId, Guid LegalEntityId, string LegalEntity, Marketplace Marketplace, DateOnly BusinessDate);

/// <summary>A product was fetched, merged and stored by a check (published after the commit).</summary>
/// <param name="CheckId">The check run.</param>
/// <param name="LegalEntityId">The legal entity.</param>
/// <param name="Sku">The product card.</param>
/// <param name="StockFbo">Stock on marketplace warehouses.</param>
/// <param name="StockFbs">Stock on the seller's warehouses.</param>
/// <param name="Status">The status after classification.</param>
/// <param name="SalesForPeriod">Sales of the 30-day window.</param>
public sealed record ProductFetched(Guid CheckId, Guid LegalEntityId, Sku Sku, int StockFbo, int StockFbs, ProductStatus Status, long SalesForPeriod);

/// <summary>A check of one marketplace ended, well or not.</summary>
/// <param name="CheckId">The check run.</param>
/// <param name="LegalEntityId">The legal entity.</param>
/// <param name="Result">How it ended.</param>
public sealed record MarketplaceChecked(Guid CheckId, Guid LegalEntityId, Commands.MarketplaceResult Result);
