using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Events;
using Stock.Domain.Products;
using Stock.Domain.Rules;
using Stock.Domain.Supply;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence;

/// <summary>
/// Loads a batch of products in three queries (skus, products with band memory, day records) and saves it in a
/// constant number of commands, whatever its size: bulk upserts of skus, products, band memory and changed day
/// records (<see cref="SqlDialect"/>), two id look-ups, and one delete of days past retention. Products loaded here
/// are updated only if nobody changed them since (their version), else the commit fails.
/// </summary>
internal sealed class EfProductRepository(StockDbContext db, DatabaseOptions options) : IProductRepository
{
    private static readonly JsonSerializerOptions _json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly Dictionary<(string Marketplace, string Sku), (long Id, int Version)> _loaded = [];

    // What each loaded product's rows held, so that a product nothing changed is not written again.
    private readonly Dictionary<(string Marketplace, string Sku), (ProductColumns Product, NotificationColumns Notification)> _stored = [];
    // What each loaded (or written) product's day records were, so that only the days a merge changed are written.
    private readonly Dictionary<(string Marketplace, string Sku), DayRecord[]> _storedDays = [];
    private readonly List<Product> _staged = [];

    // Supply settings to write (stock rules set): a column update each, never a reason to write the product again.
    private readonly List<(Guid LegalEntityId, Sku Sku, SupplySettings Settings)> _settings = [];

    // The products whose expired day records the next write deletes.
    private readonly List<Product> _expiring = [];

    // Products no longer listed, to mark on the next write.
    private readonly List<(Guid LegalEntityId, string Marketplace, IReadOnlyCollection<string> Skus, CardListing Listing)> _delisted = [];

    public async Task<IReadOnlyDictionary<string, Product>> LoadAsync(
        Guid legalEntityId,
        Marketplace marketplace,
        IReadOnlyCollection<string> skuIds,
        DateOnly historyFrom,
        CancellationToken cancellationToken)
    {
        var mp = marketplace.ToWire();
        var ids = skuIds.Distinct().ToList();
        var rows = await db.Products.AsNoTracking()
            .Include(p => p.Sku)
            .Include(p => p.Notification)
            .Where(p => p.LegalEntityId == legalEntityId && p.Sku.Marketplace == mp && ids.Contains(p.Sku.Sku))
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return new Dictionary<string, Product>();
        }

        var byProduct = await DaysAsync(rows, historyFrom, cancellationToken);
        var products = new Dictionary<string, Product>(rows.Count);
        foreach (var row in rows)
        {
            _loaded[(mp, row.Sku.Sku)] = (row.Id, row.Version);
            var product = Restore(row, byProduct.GetValueOrDefault(row.Id, []));
            // A delisted product that a check merges is listed again: its row is written even if nothing else changed.
            _stored[(mp, row.Sku.Sku)] = (ProductColumns.Of(product) with { Delisted = row.Delisted }, NotificationColumns.Of(product));
            _storedDays[(mp, row.Sku.Sku)] = [.. product.History.Days];
            products[row.Sku.Sku] = product;
        }

        return products;
    }

    public async Task<IReadOnlySet<string>> SkusWithFboStockAsync(Guid legalEntityId, Marketplace marketplace, CancellationToken cancellationToken)
    {
        var mp = marketplace.ToWire();
        var skus = await db.Products.AsNoTracking()
            .Where(p => p.LegalEntityId == legalEntityId && p.Sku.Marketplace == mp && (p.StockFbo > 0 || p.InTransit > 0))
            .Select(p => p.Sku.Sku)
            .ToListAsync(cancellationToken);
        return skus.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<StoredCard>> CatalogueAsync(Guid legalEntityId, Marketplace marketplace, CancellationToken cancellationToken)
    {
        var mp = marketplace.ToWire();
        var cards = new List<StoredCard>();
        // Streamed: a catalogue of 100,000 cards is read once, as compact records, never as tracked rows.
        await foreach (var row in db.Products.AsNoTracking()
            .Where(p => p.LegalEntityId == legalEntityId && p.Sku.Marketplace == mp)
            .Select(p => new { p.Sku.Sku, p.Sku.VendorCode, p.Name, p.Url, p.StockUnits, p.Delisted })
            .AsAsyncEnumerable()
            .WithCancellation(cancellationToken))
        {
            var card = new MarketplaceProduct(Sku.From(marketplace, row.Sku, row.VendorCode), row.Name, Ids(row.StockUnits), row.Url);
            cards.Add(new StoredCard(card, ListingOf(row.Delisted)));
        }

        return cards;
    }

    public void Delist(Guid legalEntityId, Marketplace marketplace, IReadOnlyCollection<string> skuIds, CardListing listing)
    {
        if (listing == CardListing.Listed)
        {
            throw new ArgumentOutOfRangeException(nameof(listing), listing, "A product is listed again by merging it, not by delisting it.");
        }

        if (skuIds.Count > 0)
        {
            _delisted.Add((legalEntityId, marketplace.ToWire(), skuIds, listing));
        }
    }

    public async Task<IReadOnlySet<string>> QuietSkusAsync(Guid legalEntityId, Marketplace marketplace, DateOnly soldSince, CancellationToken cancellationToken)
    {
        var mp = marketplace.ToWire();
        var skus = await db.Products.AsNoTracking()
            .Where(p => p.LegalEntityId == legalEntityId && p.Sku.Marketplace == mp && p.StockFbo > 0 && p.InTransit == 0
                && (p.Notification == null || p.Notification.Clusters == null)
                && !db.Sales.Any(s => s.ProductId == p.Id && s.Date >= soldSince && s.Quantity > 0))
            .Select(p => p.Sku.Sku)
            .ToListAsync(cancellationToken);
        return skus.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<Product>> ListAsync(Guid legalEntityId, DateOnly historyFrom, CancellationToken cancellationToken)
    {
        var rows = await db.Products.AsNoTracking()
            .Include(p => p.Sku)
            .Include(p => p.Notification)
            .Where(p => p.LegalEntityId == legalEntityId)
            .ToListAsync(cancellationToken);
        var byProduct = await DaysAsync(rows, historyFrom, cancellationToken);
        return rows.Select(r => Restore(r, byProduct.GetValueOrDefault(r.Id, []))).OrderBy(p => p.Sku.Marketplace.Code, StringComparer.Ordinal).ThenBy(p => p.Sku.Id, StringComparer.Ordinal).ToArray();
    }

    public void Save(IReadOnlyCollection<Product> products) => _staged.AddRange(products);

    public async Task<SupplySettings?> SupplySettingsAsync(Guid legalEntityId, Sku sku, CancellationToken cancellationToken)
    {
        var row = await ProductOf(legalEntityId, sku).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : SettingsOf(row) ?? SupplySettings.None;
    }

    public void SetSupplySettings(Guid legalEntityId, Sku sku, SupplySettings settings) =>
        _settings.Add((legalEntityId, sku, settings));

    public async Task<IReadOnlyList<(Sku Sku, SupplySettings Settings)>> ListSupplySettingsAsync(Guid legalEntityId, CancellationToken cancellationToken)
    {
        var rows = await db.Products.AsNoTracking().Include(p => p.Sku)
            .Where(p => p.LegalEntityId == legalEntityId && (p.ShipLeadDays != null || p.ReorderLeadDays != null || p.PackSize != null || p.SupplyOff))
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => (Sku.From(Marketplace.Of(r.Sku.Marketplace), r.Sku.Sku, r.Sku.VendorCode), SettingsOf(r)!))
            .OrderBy(r => r.Item1.Marketplace.Code, StringComparer.Ordinal).ThenBy(r => r.Item1.Id, StringComparer.Ordinal)];
    }

    private IQueryable<ProductRow> ProductOf(Guid legalEntityId, Sku sku)
    {
        var mp = sku.Marketplace.ToWire();
        return db.Products.Where(p => p.LegalEntityId == legalEntityId && p.Sku.Marketplace == mp && p.Sku.Sku == sku.Id);
    }

    private static SupplySettings? SettingsOf(ProductRow row) => row is { ShipLeadDays: null, ReorderLeadDays: null, PackSize: null, SupplyOff: false }
        ? null
        : new SupplySettings(row.ShipLeadDays, row.ReorderLeadDays, row.PackSize, row.SupplyOff);

    /// <summary>The domain events of the products staged since the last write, in the order staged and raised; clears them.</summary>
    public IReadOnlyList<IDomainEvent> PullEvents() => [.. _staged.DistinctBy(Key).SelectMany(p => p.PullEvents())];

    public void ForgetExpiredDays(IReadOnlyCollection<Product> products) => _expiring.AddRange(products);

    /// <summary>Writes the staged products inside the unit of work's transaction, then forgets the expired days asked for.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        if (_staged.Count > 0)
        {
            await WriteStagedAsync(cancellationToken);
        }


        if (_expiring.Count > 0)
        {
            await ForgetExpiredAsync(cancellationToken);
        }

        foreach (var (legalEntityId, mp, skus, listing) in _delisted)
        {
            var value = Delisted(listing);
            foreach (var chunk in skus.Chunk(1000))
            {
                await db.Products
                    .Where(p => p.LegalEntityId == legalEntityId && p.Sku.Marketplace == mp && chunk.Contains(p.Sku.Sku))
                    .ExecuteUpdateAsync(set => set.SetProperty(p => p.Delisted, value).SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);
            }
        }

        _delisted.Clear();

        foreach (var (legalEntityId, sku, settings) in _settings)
        {
            await ProductOf(legalEntityId, sku).ExecuteUpdateAsync(
                set => set
                    .SetProperty(p => p.ShipLeadDays, settings.ShipLeadTimeDays)
                    .SetProperty(p => p.ReorderLeadDays, settings.ReorderLeadTimeDays)
                    .SetProperty(p => p.PackSize, settings.PackSize)
                    .SetProperty(p => p.SupplyOff, settings.Off),
                cancellationToken);
        }

        _settings.Clear();
    }

    // The day records of the products (SqlDialect.ReadSales), by product id: one packed row per product, where a row per
    // day (2.4 million a check at 20,000 products per marketplace) spent most of a no-change check's time in the provider.
    private async Task<Dictionary<long, DayRecord[]>> DaysAsync(IEnumerable<ProductRow> products, DateOnly historyFrom, CancellationToken cancellationToken)
    {
        var productIds = JsonSerializer.Serialize(products.Select(r => r.Id), _json);
        var rows = await db.Database.SqlQueryRaw<SaleDaysRow>(db.Dialect.ReadSales, productIds, Date(historyFrom)!)
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ProductId, r => r.Records());
    }

    // Days past the retention, counted back from the newest check among the products; a product never stored has none.
    private async Task ForgetExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = (_expiring.Max(p => p.CheckedOn) ?? DateOnly.MinValue).AddDays(-options.RetentionDays);
        var ids = _expiring.Select(p => _loaded.TryGetValue(Key(p), out var loaded) ? loaded.Id : (long?)null).OfType<long>().Distinct().ToList();
        _expiring.Clear();
        if (ids.Count > 0)
        {
            await db.Sales.Where(s => ids.Contains(s.ProductId) && s.Date < cutoff).ExecuteDeleteAsync(cancellationToken);
        }
    }

    private async Task WriteStagedAsync(CancellationToken cancellationToken)
    {

        var dialect = db.Dialect;
        var products = _staged.DistinctBy(Key).ToArray();
        _staged.Clear();

        // Only what changed is written: skus that are new or renamed, products whose columns changed, band memory that moved.
        var inserts = products.Where(p => !_loaded.ContainsKey(Key(p))).ToArray();
        var updates = products.Where(p => _loaded.ContainsKey(Key(p)) && _stored[Key(p)].Product != ProductColumns.Of(p)).ToArray();
        var skus = products.Where(p => !_stored.TryGetValue(Key(p), out var stored) || stored.Product.VendorCode != p.Sku.VendorCode).ToArray();
        var skuIds = new Dictionary<(string, string), long>();
        if (skus.Length > 0)
        {
            await ExecuteAsync(dialect.UpsertSkus, skus.Select(p => new { m = p.Sku.Marketplace.ToWire(), s = p.Sku.Id, v = p.Sku.VendorCode }), cancellationToken);
            skuIds = await SkuIdsAsync(inserts, cancellationToken);
        }

        if (inserts.Length > 0)
        {
            await ExecuteAsync(dialect.InsertProducts, inserts.Select(p => Columns(p, dialect.FormatGuid(p.LegalEntityId), skuIds[Key(p)], id: null, version: null)), cancellationToken);
        }

        if (updates.Length > 0)
        {
            var updated = await ExecuteAsync(
                dialect.UpdateProducts,
                updates.Select(p => Columns(p, legalEntity: null, skuId: null, _loaded[Key(p)].Id, _loaded[Key(p)].Version)),
                cancellationToken);
            if (updated != updates.Length)
            {
                throw new DbUpdateConcurrencyException(
                    $"{updates.Length - updated} of {updates.Length} products were changed by someone else since they were loaded; nothing of this batch was saved.");
            }
        }

        var productIds = inserts.Length > 0 ? await ProductIdsAsync(inserts, skuIds, cancellationToken) : [];
        foreach (var product in products.Where(p => _loaded.ContainsKey(Key(p))))
        {
            productIds[Key(product)] = _loaded[Key(product)].Id;
        }

        var notifications = products.Where(p => !_stored.TryGetValue(Key(p), out var stored) || stored.Notification != NotificationColumns.Of(p)).ToArray();
        if (notifications.Length > 0)
        {
            await ExecuteAsync(
                dialect.UpsertNotifications,
                notifications.Select(p => new { p = productIds[Key(p)], b = p.NotifiedBand?.ToWire(), on = Date(p.NotifiedOn), c = Ids(p.LowClusters.Order()), sh = Date(p.ShipDueSince), ro = Date(p.ReorderDueSince) }),
                cancellationToken);
        }

        var days = products.SelectMany(p => ChangedDays(p, _storedDays.GetValueOrDefault(Key(p))).Select(d => new { p = productIds[Key(p)], d = Date(d.Date), q = d.Quantity, s = d.InStock ? 1 : 0, k = d.Stock }));
        await ExecuteAsync(dialect.UpsertSales, days, cancellationToken);

        var changed = updates.Select(Key).ToHashSet();
        foreach (var product in products)
        {
            var key = Key(product);
            _storedDays[key] = [.. product.History.Days];
            _loaded[key] = (productIds[key], !_loaded.TryGetValue(key, out var before) ? 0 : changed.Contains(key) ? before.Version + 1 : before.Version);
            _stored[key] = (ProductColumns.Of(product), NotificationColumns.Of(product));
        }
    }

    /// <summary>The day records of <paramref name="product"/> that differ from <paramref name="stored"/> or are not in it (both by date).</summary>
    private static IEnumerable<DayRecord> ChangedDays(Product product, DayRecord[]? stored)
    {
        var at = 0;
        foreach (var day in product.History.Days)
        {
            while (stored is not null && at < stored.Length && stored[at].Date < day.Date)
            {
                at++;
            }

            if (stored is null || at >= stored.Length || stored[at] != day)
            {
                yield return day;
            }
        }
    }

    /// <summary>The ids of the batch's skus, found by (marketplace, sku), the unique index, one query per marketplace.</summary>
    private async Task<Dictionary<(string, string), long>> SkuIdsAsync(Product[] products, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<(string, string), long>(products.Length);
        foreach (var marketplace in products.GroupBy(p => p.Sku.Marketplace.ToWire()))
        {
            var mp = marketplace.Key;
            var skus = marketplace.Select(p => p.Sku.Id).Distinct().ToList();
            var rows = await db.Skus.AsNoTracking()
                .Where(s => s.Marketplace == mp && skus.Contains(s.Sku))
                .Select(s => new { s.Id, s.Sku })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                ids[(mp, row.Sku)] = row.Id;
            }
        }

        return ids;
    }

    private async Task<Dictionary<(string, string), long>> ProductIdsAsync(Product[] products, Dictionary<(string, string), long> skuIds, CancellationToken cancellationToken)
    {
        var legalEntities = products.Select(p => p.LegalEntityId).Distinct().ToList();
        var wanted = products.Select(p => skuIds[Key(p)]).ToList();
        var rows = await db.Products.AsNoTracking()
            .Where(p => legalEntities.Contains(p.LegalEntityId) && wanted.Contains(p.SkuId))
            .Select(p => new { p.Id, p.SkuId, p.LegalEntityId })
            .ToListAsync(cancellationToken);
        var bySku = skuIds.ToDictionary(s => s.Value, s => s.Key);
        var owners = products.ToDictionary(Key, p => p.LegalEntityId);
        return rows.Where(r => owners[bySku[r.SkuId]] == r.LegalEntityId).ToDictionary(r => bySku[r.SkuId], r => r.Id);
    }

    // One statement per JSON text of the rows (JsonBatches); the rows it changed.
    private async Task<int> ExecuteAsync<T>(string sql, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var json in JsonBatches.Of(rows, _json))
        {
            changed += await db.Database.ExecuteSqlRawAsync(sql, [json], cancellationToken);
        }

        return changed;
    }

    private static object Columns(Product p, string? legalEntity, long? skuId, long? id, int? version) => new
    {
        id,
        ver = version,
        le = legalEntity,
        sku = skuId,
        n = p.Name,
        u = p.Url,
        fbo = p.StockFbo,
        fbs = p.StockFbs,
        st = p.Status?.ToWire(),
        rl = p.ReplenishedLevel,
        on = Date(p.CheckedOn),
        tr = p.InTransit,
        su = Ids(p.StockUnitIds),
    };

    // Ids in one column, comma-separated (null for none): a card's stock units in their order, clusters sorted.
    private static string? Ids(IEnumerable<long> ids) => string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) is { Length: > 0 } text ? text : null;

    private static long[] Ids(string? ids) => string.IsNullOrEmpty(ids) ? [] : [.. ids.Split(',').Select(id => long.Parse(id, CultureInfo.InvariantCulture))];

    private static string? Delisted(CardListing listing) => listing switch
    {
        CardListing.Trashed => "trashed",
        CardListing.Gone => "gone",
        _ => null,
    };

    private static CardListing ListingOf(string? delisted) => delisted switch
    {
        null => CardListing.Listed,
        "trashed" => CardListing.Trashed,
        _ => CardListing.Gone,
    };

    // A product's columns as a check writes them; a merged product is listed (Delisted null).
    private sealed record ProductColumns(string VendorCode, string Name, string Url, int Fbo, int Fbs, string? Status, int ReplenishedLevel, DateOnly? CheckedOn, int InTransit, string? StockUnits, string? Delisted = null)
    {
        public static ProductColumns Of(Product p) => new(p.Sku.VendorCode, p.Name, p.Url, p.StockFbo, p.StockFbs, p.Status?.ToWire(), p.ReplenishedLevel, p.CheckedOn, p.InTransit, Ids(p.StockUnitIds));
    }

    private sealed record NotificationColumns(string? Band, DateOnly? NotifiedOn, string? LowClusters, DateOnly? ShipDueSince, DateOnly? ReorderDueSince)
    {
        public static NotificationColumns Of(Product p) => new(p.NotifiedBand?.ToWire(), p.NotifiedOn, Ids(p.LowClusters.Order()), p.ShipDueSince, p.ReorderDueSince);
    }

    private static (string, string) Key(Product product) => (product.Sku.Marketplace.ToWire(), product.Sku.Id);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Product Restore(ProductRow row, IEnumerable<DayRecord> days) =>
        Product.Restore(new ProductState(
            row.LegalEntityId,
            Sku.From(Marketplace.Of(row.Sku.Marketplace), row.Sku.Sku, row.Sku.VendorCode),
            row.Name,
            row.Url,
            row.StockFbo,
            row.StockFbs,
            row.Status is null ? null : ProductStatusNames.Parse(row.Status),
            row.ReplenishedLevel,
            row.Notification?.Band is { } band ? LowStockBandNames.Parse(band) : null,
            row.Notification?.NotifiedOn,
            row.CheckedOn,
            days.ToArray())
        {
            LowClusters = Ids(row.Notification?.Clusters),
            InTransit = row.InTransit,
            SupplySettings = SettingsOf(row),
            ShipDueSince = row.Notification?.ShipDueSince,
            ReorderDueSince = row.Notification?.ReorderDueSince,
            StockUnitIds = Ids(row.StockUnits),
        });
}
