using System.Text.Json.Serialization;

namespace Stock.Infrastructure.Marketplaces.Wildberries;

// The Wildberries wire shapes Stock reads (reference section 1.8). Unknown fields are ignored; ids are long.

internal sealed record WbCardsRequest([property: JsonPropertyName("settings")] WbCardsSettings Settings);

internal sealed record WbCardsSettings(
    [property: JsonPropertyName("sort")] WbSort Sort,
    [property: JsonPropertyName("filter")] WbFilter Filter,
    [property: JsonPropertyName("cursor")] WbCursor Cursor);

internal sealed record WbSort([property: JsonPropertyName("ascending")] bool Ascending);

internal sealed record WbFilter([property: JsonPropertyName("withPhoto")] int WithPhoto);

internal sealed record WbCursor(
    [property: JsonPropertyName("limit")] int? Limit = null,
    [property: JsonPropertyName("updatedAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UpdatedAt = null,
    [property: JsonPropertyName("nmID"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? NmId = null,
    [property: JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Total = null);

internal sealed record WbCardsResponse(
    [property: JsonPropertyName("cards")] List<WbCard>? Cards,
    [property: JsonPropertyName("cursor")] WbCursor? Cursor);

internal sealed record WbCard(
    [property: JsonPropertyName("nmID")] long NmId,
    [property: JsonPropertyName("vendorCode")] string? VendorCode,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("sizes")] List<WbSize>? Sizes,
    [property: JsonPropertyName("updatedAt")] string? UpdatedAt);

internal sealed record WbTrashRequest([property: JsonPropertyName("settings")] WbTrashSettings Settings);

internal sealed record WbTrashSettings(
    [property: JsonPropertyName("sort")] WbSort Sort,
    [property: JsonPropertyName("cursor")] WbTrashCursor Cursor);

internal sealed record WbTrashCursor(
    [property: JsonPropertyName("limit")] int? Limit = null,
    [property: JsonPropertyName("trashedAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TrashedAt = null,
    [property: JsonPropertyName("nmID"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? NmId = null,
    [property: JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Total = null);

internal sealed record WbTrashResponse(
    [property: JsonPropertyName("cards")] List<WbTrashedCard>? Cards,
    [property: JsonPropertyName("cursor")] WbTrashCursor? Cursor);

internal sealed record WbTrashedCard(
    [property: JsonPropertyName("nmID")] long NmId,
    [property: JsonPropertyName("vendorCode")] string? VendorCode,
    [property: JsonPropertyName("trashedAt")] string? TrashedAt);

internal sealed record WbSize(
    [property: JsonPropertyName("chrtID")] long ChrtId,
    [property: JsonPropertyName("techSize")] string? TechSize,
    [property: JsonPropertyName("skus")] List<string>? Skus);

internal sealed record WbStockReportRequest(
    [property: JsonPropertyName("limit")] long Limit,
    [property: JsonPropertyName("offset")] long Offset,
    [property: JsonPropertyName("nmIds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<long>? NmIds = null);

internal sealed record WbStockReportResponse([property: JsonPropertyName("data")] WbStockReportData? Data);

internal sealed record WbStockReportData([property: JsonPropertyName("items")] List<WbStockRow>? Items);

// The fields of a stock report row Stock reads (one row a size and warehouse: 100,000 cards are hundreds of thousands of
// rows, so the warehouse and region names, which Stock does not use, are left unread).
internal sealed record WbStockRow(
    [property: JsonPropertyName("nmId")] long NmId,
    [property: JsonPropertyName("quantity")] long Quantity);

internal sealed record WbWarehouse(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("officeId")] long OfficeId,
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("cargoType")] int CargoType,
    [property: JsonPropertyName("deliveryType")] int DeliveryType,
    [property: JsonPropertyName("isDeleting")] bool IsDeleting,
    [property: JsonPropertyName("isProcessing")] bool IsProcessing);

internal sealed record WbFbsStockRequest([property: JsonPropertyName("chrtIds")] List<long> ChrtIds);

internal sealed record WbFbsStockResponse([property: JsonPropertyName("stocks")] List<WbFbsStock>? Stocks);

internal sealed record WbFbsStock(
    [property: JsonPropertyName("chrtId")] long ChrtId,
    [property: JsonPropertyName("amount")] long Amount);

// The fields of a supplier/orders row that Stock reads (a row has about thirty): the others are skipped unread, and
// settable properties spare the serializer buffering constructor arguments (a 20,000-product seller has 2 million rows).
internal sealed class WbOrder
{
    [JsonPropertyName("date")]
    public string Date { get; set; } = string.Empty;

    [JsonPropertyName("lastChangeDate")]
    public string LastChangeDate { get; set; } = string.Empty;

    [JsonPropertyName("nmId")]
    public long NmId { get; set; }

    [JsonPropertyName("isCancel")]
    public bool IsCancel { get; set; }

    [JsonPropertyName("srid")]
    public string Srid { get; set; } = string.Empty;
}

internal sealed record WbSuppliesRequest([property: JsonPropertyName("statusIDs")] int[] StatusIds);

internal sealed record WbSupply(
    [property: JsonPropertyName("supplyID")] long? SupplyId,
    [property: JsonPropertyName("preorderID")] long? PreorderId,
    [property: JsonPropertyName("statusID")] int StatusId);

internal sealed record WbSupplyGood(
    [property: JsonPropertyName("nmID")] long NmId,
    [property: JsonPropertyName("quantity")] int? Quantity,
    [property: JsonPropertyName("acceptedQuantity")] int? AcceptedQuantity);
