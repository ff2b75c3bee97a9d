using System.Text.Json.Serialization;
using Stock.Infrastructure.Marketplaces.Ozon;
using Stock.Infrastructure.Marketplaces.Wildberries;

namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// The marketplaces' wire types, their serialization metadata generated at build time: a check is a short process, and
/// metadata built by reflection (and the accessors it emits) is compiled while the check waits, where this code is
/// compiled ahead with the rest of the assembly (docs/decisions.md, D39).
/// </summary>
[JsonSerializable(typeof(OzonProductListRequest))]
[JsonSerializable(typeof(OzonProductListResponse))]
[JsonSerializable(typeof(OzonProductInfoRequest))]
[JsonSerializable(typeof(OzonProductInfoResponse))]
[JsonSerializable(typeof(OzonFboStockRequest))]
[JsonSerializable(typeof(OzonFboStockResponse))]
[JsonSerializable(typeof(OzonStocksRequest))]
[JsonSerializable(typeof(OzonStocksResponse))]
[JsonSerializable(typeof(OzonAnalyticsRequest))]
[JsonSerializable(typeof(OzonAnalyticsResponse))]
[JsonSerializable(typeof(OzonPostingListRequest))]
[JsonSerializable(typeof(OzonPostingListResponse))]
[JsonSerializable(typeof(WbCardsRequest))]
[JsonSerializable(typeof(WbTrashRequest))]
[JsonSerializable(typeof(WbTrashResponse))]
[JsonSerializable(typeof(WbCardsResponse))]
[JsonSerializable(typeof(WbStockReportRequest))]
[JsonSerializable(typeof(WbStockReportResponse))]
[JsonSerializable(typeof(WbSuppliesRequest))]
[JsonSerializable(typeof(List<WbSupply>))]
[JsonSerializable(typeof(List<WbSupplyGood>))]
[JsonSerializable(typeof(List<WbWarehouse>))]
[JsonSerializable(typeof(WbFbsStockRequest))]
[JsonSerializable(typeof(WbFbsStockResponse))]
[JsonSerializable(typeof(WbOrder))]
internal sealed partial class MarketplaceJson : JsonSerializerContext;
