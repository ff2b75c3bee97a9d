using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Stock.Simulation;

/// <summary>The Wildberries endpoints Stock calls, on their four hosts, with WB's auth, paging, limits and per-service error bodies.</summary>
internal static class WildberriesSimulator
{
    private const string Timestamp = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private const string WallClock = "yyyy-MM-dd'T'HH:mm:ss";

    private static readonly string[] _fieldRequired = ["dateFrom: field required"];

    public static void Map(IEndpointRouteBuilder app, SimulatedMarketplaces sim)
    {
        app.MapPost("/wb-content/content/v2/get/cards/list", context => Authorized(context, sim, seller => CardsAsync(context, seller)));
        app.MapPost("/wb-content/content/v2/get/cards/trash", context => Authorized(context, sim, seller => TrashAsync(context, seller)));
        app.MapPost("/wb-analytics/api/analytics/v1/stocks-report/wb-warehouses", context => Authorized(context, sim, seller => FboAsync(context, seller)));
        app.MapGet("/wb-marketplace/api/v3/warehouses", context => Authorized(context, sim, seller => WarehousesAsync(context, seller)));
        app.MapPost("/wb-marketplace/api/v3/stocks/{warehouseId}", context => Authorized(context, sim, seller => FbsAsync(context, seller)));
        app.MapGet("/wb-statistics/api/v1/supplier/orders", context => Authorized(context, sim, seller => OrdersAsync(context, seller, sim)));
        app.MapPost("/wb-supplies/api/v1/supplies", context => Authorized(context, sim, seller => SuppliesAsync(context, seller, sim)));
        app.MapGet("/wb-supplies/api/v1/supplies/{id}/goods", context => Authorized(context, sim, seller => SupplyGoodsAsync(context, seller, sim)));
        foreach (var host in new[] { "wb-content", "wb-analytics", "wb-marketplace", "wb-statistics", "wb-supplies" })
        {
            // Anything else, like the removed GET /api/v1/supplier/stocks: WB's "path not found".
            app.Map($"/{host}/{{**rest}}", context => Faults.WbProblem(context, 404, "path not found", "Please consult the https://dev.wildberries.ru/openapi/api-information", sim.Time));
        }
    }

    private static async Task Authorized(HttpContext context, SimulatedMarketplaces sim, Func<SimulatedSeller, Task> handle)
    {
        var seller = sim.WbSeller(context.Request.Headers.Authorization.ToString());
        if (seller is null)
        {
            await Faults.WbProblem(context, 401, "unauthorized", "token problem; token is malformed: could not parse token", sim.Time);
            return;
        }

        if (seller.WbTokenWithdrawn)
        {
            await Faults.WbProblem(context, 401, "unauthorized", "token problem; token withdrawn", sim.Time);
            return;
        }

        if (JwtExpiry(seller.WbToken) is { } expires && expires <= sim.Time.GetUtcNow())
        {
            await Faults.WbProblem(context, 401, "unauthorized", "token problem; token expired", sim.Time);
            return;
        }

        await handle(seller);
    }

    /// <summary>A content list's request (the cards, the trash): its body, cursor and limit; null once WB's error is written.</summary>
    private static async Task<(JsonElement Body, JsonElement? Cursor, int Limit)?> ContentListAsync(HttpContext context)
    {
        var body = await BodyAsync(context);
        if (body is null)
        {
            await Faults.Raw(context, 400, "\"Request body can not be decoded\"");
            return null;
        }

        var cursor = Path(body.Value, "settings", "cursor");
        var limit = cursor is { } c && c.TryGetProperty("limit", out var l) ? l.GetInt32() : 10;
        if (limit is < 1 or > 100)
        {
            await ContentError(context, $"cursor.limit must be between 1 and 100, not {limit}");
            return null;
        }

        return (body.Value, cursor, limit);
    }

    private static async Task CardsAsync(HttpContext context, SimulatedSeller seller)
    {
        if (await ContentListAsync(context) is not var (body, cursor, limit))
        {
            return;
        }

        var after = cursor is { } at && at.TryGetProperty("updatedAt", out var u) && at.TryGetProperty("nmID", out var n)
            ? (DateTimeOffset.Parse(u.GetString()!, CultureInfo.InvariantCulture), n.GetInt64())
            : ((DateTimeOffset, long)?)null;
        var page = seller.WbCards() // sorted by updatedAt, then nmID
            .Where(card => after is not { } a || card.UpdatedAt > a.Item1 || (card.UpdatedAt == a.Item1 && card.NmId > a.Item2))
            .Take(limit)
            .ToList();
        var last = page.LastOrDefault();
        await Json(context, new
        {
            cards = page.Select(card => new
            {
                nmID = card.NmId,
                imtID = 190_000_000 + card.NmId % 1_000_000,
                nmUUID = Guid.NewGuid().ToString(),
                subjectID = 2207,
                subjectName = "Товары",
                vendorCode = card.VendorCode,
                brand = "DemoBrand",
                title = card.Title,
                description = "",
                needKiz = false,
                kizMarked = false,
                photos = Array.Empty<object>(),
                video = "",
                wholesale = new { enabled = false, quantum = 0 },
                dimensions = new { length = 12, width = 10, height = 10, weightBrutto = 0.45, isValid = true },
                characteristics = Array.Empty<object>(),
                sizes = card.Sizes.Select(s => new { chrtID = s.ChrtId, techSize = s.TechSize, wbSize = "", skus = new[] { s.Barcode } }),
                tags = Array.Empty<object>(),
                createdAt = card.UpdatedAt.AddDays(-30).UtcDateTime.ToString(Timestamp, CultureInfo.InvariantCulture),
                updatedAt = card.UpdatedAt.UtcDateTime.ToString(Timestamp, CultureInfo.InvariantCulture),
            }),
            cursor = new
            {
                updatedAt = last?.UpdatedAt.UtcDateTime.ToString(Timestamp, CultureInfo.InvariantCulture) ?? "",
                nmID = last?.NmId ?? 0,
                total = page.Count,
            },
        });
    }

    /// <summary>The trash: cards the seller moved there, by <c>trashedAt</c> then <c>nmID</c>, with the list's cursor and limit rules.</summary>
    private static async Task TrashAsync(HttpContext context, SimulatedSeller seller)
    {
        if (await ContentListAsync(context) is not var (body, cursor, limit))
        {
            return;
        }

        var ascending = Path(body, "settings", "sort") is { } sort && sort.TryGetProperty("ascending", out var a) && a.GetBoolean();
        var after = cursor is { } at && at.TryGetProperty("trashedAt", out var t) && at.TryGetProperty("nmID", out var n)
            ? (DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture), n.GetInt64())
            : ((DateTimeOffset, long)?)null;
        var ordered = seller.WbTrash().OrderBy(x => x.TrashedAt).ThenBy(x => x.Card.NmId).ToList();
        if (!ascending)
        {
            ordered.Reverse();
        }

        var page = ordered
            .Where(x => after is not { } p || (ascending
                ? x.TrashedAt > p.Item1 || (x.TrashedAt == p.Item1 && x.Card.NmId > p.Item2)
                : x.TrashedAt < p.Item1 || (x.TrashedAt == p.Item1 && x.Card.NmId < p.Item2)))
            .Take(limit)
            .ToList();
        var last = page.Count > 0 ? page[^1] : default;
        await Json(context, new
        {
            cards = page.Select(x => new
            {
                nmID = x.Card.NmId,
                vendorCode = x.Card.VendorCode,
                subjectID = 2207,
                subjectName = "Товары",
                sizes = x.Card.Sizes.Select(s => new { chrtID = s.ChrtId, techSize = s.TechSize, wbSize = "", skus = new[] { s.Barcode } }),
                createdAt = x.Card.UpdatedAt.AddDays(-30).UtcDateTime.ToString(Timestamp, CultureInfo.InvariantCulture),
                trashedAt = x.TrashedAt.UtcDateTime.ToString(Timestamp, CultureInfo.InvariantCulture),
            }),
            cursor = new
            {
                trashedAt = page.Count > 0 ? last.TrashedAt.UtcDateTime.ToString(Timestamp, CultureInfo.InvariantCulture) : "",
                nmID = page.Count > 0 ? last.Card.NmId : 0,
                total = page.Count,
            },
        });
    }

    private static async Task FboAsync(HttpContext context, SimulatedSeller seller)
    {
        var body = await BodyAsync(context) ?? JsonDocument.Parse("{}").RootElement;
        var limit = body.TryGetProperty("limit", out var l) ? l.GetInt64() : 250_000;
        var offset = body.TryGetProperty("offset", out var o) ? o.GetInt64() : 0;
        var nmIds = body.TryGetProperty("nmIds", out var ids) ? ids.EnumerateArray().Select(i => i.GetInt64()).ToHashSet() : null;
        if (limit is < 1 or > 250_000 || offset < 0 || nmIds is { Count: > 1000 })
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(
                new { title = "Invalid request body", detail = "code=400, message=invalid: limit, offset or nmIds", requestId = Guid.NewGuid().ToString("N"), origin = "analytic-open-api" },
                SimulatedMarketplaces.Json);
            return;
        }

        var stock = seller.WbFbo();
        var rows = seller.WbCards()
            .Where(card => nmIds is null || nmIds.Count == 0 || nmIds.Contains(card.NmId))
            .OrderBy(card => card.NmId)
            .SelectMany(card => card.Sizes.Select(size => new
            {
                nmId = card.NmId,
                chrtId = size.ChrtId,
                warehouseId = -999999,
                warehouseName = "Склад WB",
                regionName = "Склад WB",
                quantity = stock.GetValueOrDefault(size.ChrtId),
                inWayToClient = 0,
                inWayFromClient = 0,
            }))
            .Skip((int)Math.Min(offset, int.MaxValue))
            .Take((int)limit);
        await Json(context, new { data = new { items = rows } });
    }

    private static Task WarehousesAsync(HttpContext context, SimulatedSeller seller) =>
        Json(context, new[]
        {
            new { name = "Склад продавца Москва", officeId = 15, id = seller.WbWarehouseId, cargoType = 1, deliveryType = 1, isDeleting = false, isProcessing = false },
        });

    private static async Task FbsAsync(HttpContext context, SimulatedSeller seller)
    {
        if (!long.TryParse(context.Request.RouteValues["warehouseId"]?.ToString(), out var warehouse) || warehouse != seller.WbWarehouseId)
        {
            await MarketplaceError(context, 404, "NotFound", "Not found");
            return;
        }

        var body = await BodyAsync(context);
        if (body is { } b && b.TryGetProperty("skus", out _))
        {
            await MarketplaceError(context, 400, "SKUUploadDisabled", "Uploading stock is not allowed by 'sku'. Please use the 'chrtId' key");
            return;
        }

        if (body is not { } request || !request.TryGetProperty("chrtIds", out var chrtIds) || chrtIds.ValueKind != JsonValueKind.Array
            || chrtIds.GetArrayLength() is 0 or > 1000)
        {
            await MarketplaceError(context, 400, "IncorrectRequestBody", "Incorrect required body");
            return;
        }

        var stock = seller.WbFbs();
        var wanted = chrtIds.EnumerateArray().Select(c => c.GetInt64()).ToList();
        await Json(context, new { stocks = wanted.Where(stock.ContainsKey).Select(c => new { chrtId = c, amount = stock[c] }) });
    }

    // The first order (sorted by lastChangeDate) changed at or after the instant.
    private static int FirstChangedAt(WbOrderRow[] sorted, DateTime from)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = sorted[middle].LastChangeDate < from ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    private static async Task OrdersAsync(HttpContext context, SimulatedSeller seller, SimulatedMarketplaces sim)
    {
        var dateFrom = context.Request.Query["dateFrom"].ToString();
        if (string.IsNullOrEmpty(dateFrom))
        {
            await StatisticsError(context, _fieldRequired);
            return;
        }

        if (!DateTime.TryParse(dateFrom, CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            await StatisticsError(context, "dateFrom: Value not validated");
            return;
        }

        var flag = context.Request.Query["flag"].ToString() == "1";
        var retention = sim.Today.AddDays(-90).ToDateTime(TimeOnly.MinValue);
        var sorted = seller.WbOrders();
        var start = flag ? 0 : FirstChangedAt(sorted, from);
        var rows = sorted.Skip(start)
            .Where(o => o.Date >= retention)
            .Where(o => flag ? o.Date.Date == from.Date : o.LastChangeDate >= from)
            .Take(flag ? int.MaxValue : sim.WbOrdersPageSize)
            .Select(o => new
            {
                date = o.Date.ToString(WallClock, CultureInfo.InvariantCulture),
                lastChangeDate = o.LastChangeDate.ToString(WallClock, CultureInfo.InvariantCulture),
                warehouseName = "Склад WB РФ",
                warehouseType = "Склад WB",
                countryName = "Россия",
                oblastOkrugName = "Центральный федеральный округ",
                regionName = "Московская",
                supplierArticle = o.Card.VendorCode,
                nmId = o.Card.NmId,
                barcode = o.Card.Sizes[0].Barcode,
                category = "Дом",
                subject = "Товары",
                brand = "DemoBrand",
                techSize = o.Card.Sizes[0].TechSize,
                incomeID = 0,
                isSupply = false,
                isRealization = true,
                totalPrice = 1200,
                discountPercent = 25,
                spp = 10,
                finishedPrice = 810,
                priceWithDisc = 900,
                isCancel = o.IsCancel,
                cancelDate = o.IsCancel ? o.LastChangeDate.ToString(WallClock, CultureInfo.InvariantCulture) : "0001-01-01T00:00:00",
                sticker = "",
                gNumber = "11112222333344445555",
                srid = o.Srid,
            });
        await Json(context, rows);
    }

    private static Task ContentError(HttpContext context, string text)
    {
        context.Response.StatusCode = 400;
        return context.Response.WriteAsJsonAsync(new { data = (object?)null, error = true, errorText = text, additionalErrors = (object?)null }, SimulatedMarketplaces.Json);
    }

    private static Task MarketplaceError(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { code, message }, SimulatedMarketplaces.Json);
    }

    private static Task StatisticsError(HttpContext context, object errors)
    {
        context.Response.StatusCode = 400;
        return context.Response.WriteAsJsonAsync(new { errors }, SimulatedMarketplaces.Json);
    }

    // POST /api/v1/supplies?limit&offset {"statusIDs":[...]}: the seller's supplies in those statuses, newest first.
    private static async Task SuppliesAsync(HttpContext context, SimulatedSeller seller, SimulatedMarketplaces sim)
    {
        if (seller.WbTokenWithoutSupplies)
        {
            await Faults.WbProblem(context, 401, "unauthorized", "token scope not allowed for this API route", sim.Time);
            return;
        }

        var body = await BodyAsync(context);
        if (!PageOf(context, 1000, out var limit, out var offset) || body is not { ValueKind: JsonValueKind.Object } filter)
        {
            await Faults.WbProblem(context, 400, "Bad Request", "Неверный формат limit", sim.Time);
            return;
        }

        var statuses = filter.TryGetProperty("statusIDs", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Select(i => i.GetInt32()).ToHashSet()
            : null;
        var supplies = seller.WbSupplies().Reverse()
            .Where(s => statuses is null || statuses.Contains(s.StatusId))
            .Skip(offset).Take(limit)
            .Select(s => new
            {
                phone = "+7 916 *** 44 44",
                supplyID = s.SupplyId,
                preorderID = s.PreorderId,
                createDate = "2026-11-01T10:00:00+03:00",
                supplyDate = s.SupplyId is null ? null : "2026-11-03T00:00:00+03:00",
                factDate = (string?)null,
                updatedDate = (string?)null,
                statusID = s.StatusId,
                boxTypeID = 2,
            });
        await Json(context, supplies);
    }

    // GET /api/v1/supplies/{ID}/goods?limit&offset&isPreorderID: the goods of one supply (or order).
    private static async Task SupplyGoodsAsync(HttpContext context, SimulatedSeller seller, SimulatedMarketplaces sim)
    {
        if (seller.WbTokenWithoutSupplies)
        {
            await Faults.WbProblem(context, 401, "unauthorized", "token scope not allowed for this API route", sim.Time);
            return;
        }

        var preorder = context.Request.Query["isPreorderID"].ToString() == "true";
        if (!long.TryParse(context.Request.RouteValues["id"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !PageOf(context, 1000, out var limit, out var offset))
        {
            await Faults.WbProblem(context, 400, "Bad Request", "Неверный формат offset", sim.Time);
            return;
        }

        var supply = seller.WbSupplies().FirstOrDefault(s => preorder ? s.PreorderId == id : s.SupplyId == id);
        if (supply is null)
        {
            await Faults.WbProblem(context, 404, "Not Found", "supply not found", sim.Time);
            return;
        }

        await Json(context, supply.Goods.Skip(offset).Take(limit).Select(g => new
        {
            barcode = "46" + g.NmId.ToString(CultureInfo.InvariantCulture),
            vendorCode = "V" + g.NmId.ToString(CultureInfo.InvariantCulture),
            nmID = g.NmId,
            needKiz = false,
            tnved = "6912002100",
            techSize = "0",
            color = "белый",
            supplierBoxAmount = 10,
            quantity = g.Quantity,
            readyForSaleQuantity = g.Accepted,
            unloadingQuantity = 0,
            acceptedQuantity = supply.StatusId is 4 or 5 ? g.Accepted : (int?)null,
        }));
    }

    private static bool PageOf(HttpContext context, int maxLimit, out int limit, out int offset)
    {
        limit = maxLimit;
        offset = 0;
        var query = context.Request.Query;
        return (string.IsNullOrEmpty(query["limit"]) || (int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 && limit <= maxLimit))
            && (string.IsNullOrEmpty(query["offset"]) || int.TryParse(query["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out offset));
    }

    private static Task Json(HttpContext context, object value) => context.Response.WriteAsJsonAsync(value, SimulatedMarketplaces.Json);

    internal static async Task<JsonElement?> BodyAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Path(JsonElement root, params string[] names)
    {
        var current = root;
        foreach (var name in names)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    // The exp claim of a JWT-shaped token, as WB checks it; null for any other token.
    private static DateTimeOffset? JwtExpiry(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var json = JsonDocument.Parse(Convert.FromBase64String(payload));
            return json.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
