using System.Text.Json.Serialization;

namespace Stock.Infrastructure.Marketplaces.Ozon;

// The Ozon wire shapes Stock reads (reference section 2.8). Request id arrays are JSON strings; responses are numbers.
// total and total_items are both accepted and never used for paging.

internal sealed record OzonProductListRequest(
    [property: JsonPropertyName("filter")] OzonVisibilityFilter Filter,
    [property: JsonPropertyName("last_id")] string LastId,
    [property: JsonPropertyName("limit")] int Limit);

internal sealed record OzonVisibilityFilter([property: JsonPropertyName("visibility")] string Visibility);

internal sealed record OzonProductListResponse([property: JsonPropertyName("result")] OzonProductListResult? Result);

internal sealed record OzonProductListResult(
    [property: JsonPropertyName("items")] List<OzonListedProduct>? Items,
    [property: JsonPropertyName("total")] int? Total,
    [property: JsonPropertyName("total_items")] int? TotalItems,
    [property: JsonPropertyName("last_id")] string? LastId);

internal sealed record OzonListedProduct(
    [property: JsonPropertyName("product_id")] long ProductId,
    [property: JsonPropertyName("offer_id")] string? OfferId,
    [property: JsonPropertyName("archived")] bool Archived,
    [property: JsonPropertyName("has_fbo_stocks")] bool? HasFboStocks = null);

internal sealed record OzonProductInfoRequest(
    [property: JsonPropertyName("offer_id")] List<string> OfferId,
    [property: JsonPropertyName("product_id")] List<string> ProductId,
    [property: JsonPropertyName("sku")] List<string> Sku);

internal sealed record OzonProductInfoResponse([property: JsonPropertyName("items")] List<OzonProductInfo>? Items);

internal sealed record OzonProductInfo(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("offer_id")] string? OfferId,
    [property: JsonPropertyName("sku")] long Sku,
    [property: JsonPropertyName("name")] string? Name);

internal sealed record OzonFboStockRequest([property: JsonPropertyName("skus")] List<string> Skus);

internal sealed record OzonFboStockResponse([property: JsonPropertyName("items")] List<OzonFboStockRow>? Items);

// The fields of a row Stock reads (a row a sku and warehouse; the offer id and warehouse name are left unread).
internal sealed record OzonFboStockRow(
    [property: JsonPropertyName("sku")] long Sku,
    [property: JsonPropertyName("cluster_id")] long ClusterId,
    [property: JsonPropertyName("cluster_name")] string? ClusterName,
    [property: JsonPropertyName("available_stock_count")] long AvailableStockCount,
    [property: JsonPropertyName("transit_stock_count")] long? TransitStockCount,
    [property: JsonPropertyName("requested_stock_count")] long? RequestedStockCount,
    [property: JsonPropertyName("ads_cluster")] double? AdsCluster);

internal sealed record OzonStocksRequest(
    [property: JsonPropertyName("cursor")] string Cursor,
    [property: JsonPropertyName("filter")] OzonVisibilityFilter Filter,
    [property: JsonPropertyName("limit")] int Limit);

internal sealed record OzonStocksResponse(
    [property: JsonPropertyName("cursor")] string? Cursor,
    [property: JsonPropertyName("items")] List<OzonStockItem>? Items,
    [property: JsonPropertyName("total")] int? Total,
    [property: JsonPropertyName("total_items")] int? TotalItems);

internal sealed record OzonStockItem(
    [property: JsonPropertyName("offer_id")] string? OfferId,
    [property: JsonPropertyName("product_id")] long ProductId,
    [property: JsonPropertyName("stocks")] List<OzonStock>? Stocks);

internal sealed record OzonStock(
    [property: JsonPropertyName("present")] long Present,
    [property: JsonPropertyName("reserved")] long Reserved,
    [property: JsonPropertyName("sku")] long Sku,
    [property: JsonPropertyName("type")] string? Type);

internal sealed record OzonAnalyticsRequest(
    [property: JsonPropertyName("date_from")] string DateFrom,
    [property: JsonPropertyName("date_to")] string DateTo,
    [property: JsonPropertyName("dimension")] List<string> Dimension,
    [property: JsonPropertyName("metrics")] List<string> Metrics,
    [property: JsonPropertyName("filters")] List<object> Filters,
    [property: JsonPropertyName("sort")] List<OzonSort> Sort,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] int Offset);

internal sealed record OzonSort([property: JsonPropertyName("key")] string Key, [property: JsonPropertyName("order")] string Order);

internal sealed record OzonAnalyticsResponse([property: JsonPropertyName("result")] OzonAnalyticsResult? Result);

internal sealed record OzonAnalyticsResult([property: JsonPropertyName("data")] List<OzonAnalyticsRow>? Data);

internal sealed record OzonAnalyticsRow(
    [property: JsonPropertyName("dimensions")] List<OzonDimension>? Dimensions,
    [property: JsonPropertyName("metrics")] List<decimal>? Metrics);

internal sealed record OzonDimension(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name);

internal sealed record OzonPostingListRequest(
    [property: JsonPropertyName("cursor")] string Cursor,
    [property: JsonPropertyName("filter")] OzonPostingFilter Filter,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("sort_dir")] string SortDir,
    [property: JsonPropertyName("with")] OzonPostingWith With);

internal sealed record OzonPostingFilter(
    [property: JsonPropertyName("since")] string Since,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("statuses")] List<string> Statuses);

internal sealed record OzonPostingWith(
    [property: JsonPropertyName("analytics_data")] bool AnalyticsData,
    [property: JsonPropertyName("financial_data")] bool FinancialData);

/// <summary>A page of postings: at the top level (as the SDK reads it) or under <c>result</c> (as some answers wrap it).</summary>
internal sealed record OzonPostingListResponse(
    [property: JsonPropertyName("cursor")] string? Cursor,
    [property: JsonPropertyName("has_next")] bool? HasNext,
    [property: JsonPropertyName("postings")] List<OzonPostingRow>? Postings,
    [property: JsonPropertyName("result")] OzonPostingListPage? Result)
{
    public OzonPostingListPage Page => Result ?? new OzonPostingListPage(Cursor, HasNext, Postings);
}

internal sealed record OzonPostingListPage(
    [property: JsonPropertyName("cursor")] string? Cursor,
    [property: JsonPropertyName("has_next")] bool? HasNext,
    [property: JsonPropertyName("postings")] List<OzonPostingRow>? Postings);

internal sealed record OzonPostingRow(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("in_process_at")] DateTimeOffset? InProcessAt,
    [property: JsonPropertyName("products")] List<OzonPostingProduct>? Products);

internal sealed record OzonPostingProduct(
    [property: JsonPropertyName("sku")] long Sku,
    [property: JsonPropertyName("quantity")] int Quantity);
