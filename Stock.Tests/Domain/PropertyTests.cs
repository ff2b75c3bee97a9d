using CsCheck;
using Stock.Domain.Events;
using Stock.Domain.Products;
using Stock.Domain.Rules;
using static Stock.Tests.Domain.DomainTestData;

namespace Stock.Tests.Domain;

/// <summary>Invariants of the rules over generated products, histories and check sequences (CsCheck).</summary>
public sealed class PropertyTests
{
    private static readonly Gen<DayRecord?[]> _history =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 20], Gen.Bool, (known, q, s) => known < 2 ? null : (DayRecord?)new DayRecord(default, q, s))
            .Array[61];

    private static readonly Gen<ProductStatus?> _status =
        Gen.Int[0, 3].Select(i => i == 0 ? null : (ProductStatus?)i);

    private static readonly Gen<LowStockBand?> _band =
        Gen.Int[0, 3].Select(i => i == 0 ? null : (LowStockBand?)i);

    private static readonly Gen<Product> _storedProduct =
        Gen.Select(Gen.Int[0, 60], Gen.Int[0, 30], _status, Gen.Int[0, 120], _band, _history)
            .Select((fbo, fbs, status, level, band, days) => Stored(
                fbo,
                fbs,
                status,
                Math.Max(level, fbo + fbs),
                band,
                Days(days, Today.AddDays(-61)),
                checkedOn: Today.AddDays(-1)));

    private static readonly Gen<FetchedProduct> _fetched =
        Gen.Select(Gen.Int[0, 60], Gen.Int[0, 30], Gen.Int[0, 10], Gen.Int[0, 15].Array[11])
            .Select((fbo, fbs, back, orders) =>
            {
                var from = Today.AddDays(-back);
                var byDate = Enumerable.Range(0, back + 1).ToDictionary(i => from.AddDays(i), i => orders[i]);
                return Fetched(fbo, fbs, from, byDate);
            });

    [Fact]
    public void MergingTheSameFetchTwice_EqualsMergingItOnce() =>
        Gen.Select(_storedProduct, _fetched).Sample((stored, fetched) =>
        {
            var once = Copy(stored);
            once.Merge(fetched, Today, Rules);

            var twice = Copy(stored);
            twice.Merge(fetched, Today, Rules);
            twice.PullEvents();
            twice.Merge(fetched, Today, Rules);

            twice.PullEvents().Should().BeEmpty("a re-run of the same check raises nothing new");
            Snapshot(twice).Should().BeEquivalentTo(Snapshot(once), o => o.WithStrictOrdering());
        });

    [Fact]
    public void ReplenishedLevel_NeverDecreases_ExceptAtAReplenishment_AndNeverBelowStock() =>
        Gen.Select(Gen.Int[0, 80], Gen.Int[0, 80].Array[1, 25]).Sample((first, stocks) =>
        {
            var product = Product.Create(LegalEntity, Fetched(first, 0), Today, Rules);
            for (var day = 0; day < stocks.Length; day++)
            {
                var (level, stock) = (product.ReplenishedLevel, product.Stock);
                var date = Today.AddDays(day + 1);
                product.Merge(Fetched(stocks[day], 0, date), date, Rules);

                if (product.Stock > stock)
                {
                    product.ReplenishedLevel.Should().Be(product.Stock);
                }
                else
                {
                    product.ReplenishedLevel.Should().Be(level);
                }

                product.ReplenishedLevel.Should().BeGreaterThanOrEqualTo(product.Stock);
            }
        });

    [Fact]
    public void SalesWindow_NeverReportsMoreInStockDaysThanItsPeriod() =>
        Gen.Select(_history, Gen.Int[1, 40], Gen.Int[0, 50]).Sample((days, n, stock) =>
        {
            var window = SalesWindow.Compute(new DailyHistory(Days(days, Today.AddDays(-61))), stock, Today, n);

            window.InStockDays.Should().BeInRange(0, window.PeriodDays);
            window.PeriodDays.Should().Be(window.Case == SalesWindowCase.Fallback ? 2 * n : n);
            window.End.DayNumber.Should().BeLessThan(Today.DayNumber);
            (window.End.DayNumber - window.Start.DayNumber + 1).Should().Be(window.PeriodDays);
            window.SalesQuantity.Should().BeGreaterThanOrEqualTo(0);
        });

    [Fact]
    public void ABand_NeverAlertsTwiceInARow_WithoutAReArm() =>
        Gen.Select(_storedProduct, Gen.Select(Gen.Int[0, 60], Gen.Int[0, 8]).Array[1, 30]).Sample((stored, checks) =>
        {
            var product = Copy(stored);
            LowStockBand? lastAlerted = null;
            var reArmedSince = false;
            for (var day = 0; day < checks.Length; day++)
            {
                var date = Today.AddDays(day);
                var (stock, sold) = checks[day];
                reArmedSince |= stock > product.Stock; // a replenishment re-arms before the rules run
                product.Merge(Fetched(stock, 0, date, new Dictionary<DateOnly, int> { [date] = sold }), date, Rules);
                foreach (var alert in product.PullEvents().OfType<LowOnStock>())
                {
                    if (lastAlerted is { } previous && !reArmedSince)
                    {
                        ((int)alert.Band).Should().BeGreaterThan((int)previous, $"day {day} alerted {alert.Band} again without a re-arm");
                    }

                    lastAlerted = alert.Band;
                    reArmedSince = false;
                }

                // The oracle is the rule's own inputs, never the product's memory: a stock in range whose ratio is
                // below every band re-arms.
                var ratio = LowStockPolicy.Ratio(product.Status!.Value, product.Stock, product.Sales!.SalesQuantity, product.ReplenishedLevel, Rules);
                reArmedSince |= ratio is { } r && LowStockPolicy.BandOf(r, product.Status!.Value) is null;
            }
        });

    [Fact]
    public void RatioBands_AreMonotonicInStock() =>
        Gen.Select(_status, Gen.Int[0, 2000], Gen.Int[0, 200], Gen.Int[1, 50], Gen.Int[1, 50]).Sample((status, sales, level, a, b) =>
        {
            var (low, high) = (Math.Min(a, b), Math.Max(a, b));
            var kind = status ?? ProductStatus.New;
            int Rank(int stock) => (int?)LowStockPolicy.BandOf(LowStockPolicy.Ratio(kind, stock, sales, level, Rules)!.Value, kind) ?? 0;

            Rank(low).Should().BeGreaterThanOrEqualTo(Rank(high));
        });

    private static IEnumerable<DayRecord> Days(DayRecord?[] days, DateOnly start) =>
        days.Select((d, i) => d is { } day ? day with { Date = start.AddDays(i) } : (DayRecord?)null)
            .Where(d => d is not null && d.Value.Date < Today)
            .Select(d => d!.Value);

    private static Product Copy(Product template) =>
        Product.Restore(new ProductState(
            template.LegalEntityId,
            template.Sku,
            template.Name,
            template.Url,
            template.StockFbo,
            template.StockFbs,
            template.Status,
            template.ReplenishedLevel,
            template.NotifiedBand,
            template.NotifiedOn,
            template.CheckedOn,
            template.History.Days.ToArray()));

    private static object Snapshot(Product p) =>
        new { p.Status, p.ReplenishedLevel, p.NotifiedBand, p.StockFbo, p.StockFbs, p.Name, Days = p.History.Days.ToArray() };
}
