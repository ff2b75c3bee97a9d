using Stock.Domain;
using Stock.Domain.Products;
using Stock.Domain.Rules;

namespace Stock.Tests.Domain;

/// <summary>Builders for domain tests: a fixed business date, a legal entity, skus, histories and stored products.</summary>
internal static class DomainTestData
{
    public static readonly DateOnly Today = new(2026, 11, 26);
    public static readonly Guid LegalEntity = Guid.Parse("6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f");
    public static readonly Sku WbSku = Sku.From(Marketplace.Wildberries, "211111111", "MUG-RED-300");
    // The original's rules alone: these tests pin the bands', FBO and cluster events; the supply rule (SupplyRuleTests)
    // would add its own SupplyDue to the same merges.
    public static readonly RuleOptions Rules = RuleOptions.Default with { Supply = new() { Enabled = false } };

    /// <summary>Every rule, the supply rule too, with the defaults.</summary>
    public static readonly RuleOptions AllRules = RuleOptions.Default;

    /// <summary>In-stock records on each date of <paramref name="window"/> (the first <paramref name="days"/> of it), spreading <paramref name="sold"/> units.</summary>
    public static IEnumerable<DayRecord> InStockDays(DateWindow window, int days, long sold)
    {
        for (var i = 0; i < days; i++)
        {
            var quantity = (int)(sold / days) + (i < sold % days ? 1 : 0);
            yield return new DayRecord(window.Start.AddDays(i), quantity, InStock: true);
        }
    }

    public static IEnumerable<DayRecord> LastWindowFullyInStock(int soldPerDay, DateOnly? today = null) =>
        InStockDays(DateWindow.Back(today ?? Today, 30), 30, soldPerDay * 30L);

    public static Product Stored(
        int fbo,
        int fbs,
        ProductStatus? status,
        int? replenishedLevel = null,
        LowStockBand? band = null,
        IEnumerable<DayRecord>? days = null,
        Sku? sku = null,
        DateOnly? checkedOn = null) =>
        Product.Restore(new ProductState(
            LegalEntity,
            sku ?? WbSku,
            "Кружка керамическая 300 мл",
            (sku ?? WbSku).ProductUrl,
            fbo,
            fbs,
            status,
            replenishedLevel ?? fbo + fbs,
            band,
            NotifiedOn: null,
            CheckedOn: checkedOn ?? Today.AddDays(-1),
            (days ?? []).ToArray()));

    public static FetchedProduct Fetched(int fbo, int fbs, DateOnly? salesFrom = null, IReadOnlyDictionary<DateOnly, int>? orders = null, Sku? sku = null) =>
        FetchedProduct.Create(sku ?? WbSku, "Кружка керамическая 300 мл", fbo, fbs, salesFrom ?? Today, orders);
}
