using Stock.Domain.Events;
using Stock.Domain.Products;
using Stock.Domain.Rules;
using static Stock.Tests.Domain.DomainTestData;

namespace Stock.Tests.Domain;

/// <summary>The worked examples E1-E11 of docs/domain.md, one test (or a few) each.</summary>
public sealed class WorkedExampleTests
{
    [Fact]
    public void E1_OrdinaryStock5With60SoldFullyInStock_RaisesSent6WithActualWindow()
    {
        var product = Stored(fbo: 3, fbs: 2, ProductStatus.Ordinary, days: LastWindowFullyInStock(soldPerDay: 2));

        product.Merge(Fetched(fbo: 3, fbs: 2), Today, Rules);

        product.Sales!.Case.Should().Be(SalesWindowCase.Actual);
        product.Sales.SalesQuantity.Should().Be(60);
        product.Sales.PeriodDays.Should().Be(30);
        product.Sales.IsTheoretical.Should().BeFalse();
        var alert = product.PullEvents().Should().ContainSingle().Which.Should().BeOfType<LowOnStock>().Subject;
        alert.Band.Should().Be(LowStockBand.Sent6);
        alert.Band.StatusNotification().Should().Be(2);
        alert.Product.SalesForPeriod.Should().Be(60);
        alert.Product.StockSum.Should().Be(5);
        alert.Product.Status.Should().Be(ProductStatus.Ordinary);
        alert.DaysOfCover.Should().Be(2.5m, "5 in stock at 60 / 30 = 2 a day");
        alert.RecommendedSupply.Should().Be(55, "ceil(2 × 30) − 5 brings it to 30 days of cover");
    }

    [Fact]
    public void LowOnStock_OfAProductThatSoldNothing_HasNoDaysOfCover_AndNoSupply()
    {
        var product = Stored(fbo: 9, fbs: 0, ProductStatus.New, replenishedLevel: 30);

        product.Merge(Fetched(fbo: 9, fbs: 0), Today, Rules);

        var alert = product.PullEvents().OfType<LowOnStock>().Should().ContainSingle().Subject;
        alert.Band.Should().Be(LowStockBand.Sent3, "a new product's ratio is its replenished level over its stock");
        alert.DaysOfCover.Should().BeNull();
        alert.RecommendedSupply.Should().Be(0);
    }

    [Fact]
    public void LowOnStock_DaysOfCoverAndSupply_FollowTheWindowThatFired_ExtrapolatedOrFallback()
    {
        // E2: 20 in-stock days of W(30,0), 40 sold: extrapolated to 60 for 30 days, 2 a day.
        var e2 = Stored(fbo: 4, fbs: 0, ProductStatus.Ordinary, days: Enumerable.Range(1, 20).Select(i => new DayRecord(Today.AddDays(-i), 2, true)).ToArray());
        e2.Merge(Fetched(fbo: 4, fbs: 0), Today, Rules);
        var extrapolated = e2.PullEvents().OfType<LowOnStock>().Single();
        extrapolated.DaysOfCover.Should().Be(2.0m);
        extrapolated.RecommendedSupply.Should().Be(56);

        // E4: 12 sold over the 60-day fallback: 0.2 a day.
        var e4 = Stored(fbo: 1, fbs: 0, ProductStatus.Ordinary, days: [.. Enumerable.Range(1, 5).Select(i => new DayRecord(Today.AddDays(-i), 1, true)), .. Enumerable.Range(31, 5).Select(i => new DayRecord(Today.AddDays(-i), i == 31 ? 3 : 1, true))]);
        e4.Merge(Fetched(fbo: 1, fbs: 0), Today, Rules);
        e4.Sales!.Case.Should().Be(SalesWindowCase.Fallback);
        var fallback = e4.PullEvents().OfType<LowOnStock>().Single();
        fallback.DaysOfCover.Should().Be(5.0m, "1 in stock at 12 / 60 = 0.2 a day");
        fallback.RecommendedSupply.Should().Be(5, "ceil(0.2 × 30) − 1");
    }

    [Fact]
    public void E2_TwentyInStockDaysWith40Sold_ExtrapolatesTo60Theoretical()
    {
        var history = new DailyHistory(InStockDays(DateWindow.Back(Today, 30), 20, 40));

        var window = SalesWindow.Compute(history, stock: 5, Today, 30);

        window.Case.Should().Be(SalesWindowCase.Theoretical);
        window.SalesQuantity.Should().Be(60);
        window.InStockDays.Should().Be(20);
        window.PeriodDays.Should().Be(30);
        window.IsTheoretical.Should().BeTrue();
    }

    [Fact]
    public void E3_LastWindowThinPreviousEnough_ExtrapolatesPreviousTo45()
    {
        var history = new DailyHistory(
            InStockDays(DateWindow.Back(Today, 30, 0), 10, 10)
                .Concat(InStockDays(DateWindow.Back(Today, 30, 1), 20, 30)));

        var window = SalesWindow.Compute(history, stock: 5, Today, 30);

        window.Case.Should().Be(SalesWindowCase.Previous);
        window.SalesQuantity.Should().Be(45);
        window.InStockDays.Should().Be(20);
        window.PeriodDays.Should().Be(30);
        window.IsTheoretical.Should().BeTrue();
        window.Start.Should().Be(Today.AddDays(-60));
        window.End.Should().Be(Today.AddDays(-31));
    }

    [Fact]
    public void E4_NeitherWindowEnough_FallsBackToRawSumOver60Days()
    {
        var history = new DailyHistory(
            InStockDays(DateWindow.Back(Today, 30, 0), 5, 5)
                .Concat(InStockDays(DateWindow.Back(Today, 30, 1), 5, 7)));

        var window = SalesWindow.Compute(history, stock: 5, Today, 30);

        window.Case.Should().Be(SalesWindowCase.Fallback);
        window.SalesQuantity.Should().Be(12);
        window.InStockDays.Should().Be(10);
        window.PeriodDays.Should().Be(60);
        window.IsTheoretical.Should().BeFalse();
        window.Start.Should().Be(Today.AddDays(-60));
        window.End.Should().Be(Today.AddDays(-1));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(51, 0)]
    [InlineData(30, 21)]
    public void E5_StockOutsideOneToFifty_RaisesNoLowOnStock(int fbo, int fbs)
    {
        var product = Stored(fbo: 40, fbs: 20, ProductStatus.Ordinary, days: LastWindowFullyInStock(soldPerDay: 100));

        product.Merge(Fetched(fbo, fbs), Today, Rules);

        product.PullEvents().OfType<LowOnStock>().Should().BeEmpty();
    }

    [Fact]
    public void E6_NewProductDepleting_AlertsSent3ThenNothingThenSent6()
    {
        var product = Stored(fbo: 30, fbs: 0, ProductStatus.New, replenishedLevel: 30, checkedOn: Today.AddDays(-1));

        product.Merge(Fetched(fbo: 9, fbs: 0), Today, Rules);
        var first = product.PullEvents().OfType<LowOnStock>().Should().ContainSingle().Subject;
        first.Band.Should().Be(LowStockBand.Sent3);
        first.Band.StatusNotification().Should().Be(1);

        product.Merge(Fetched(fbo: 9, fbs: 0, salesFrom: Today.AddDays(1)), Today.AddDays(1), Rules);
        product.PullEvents().OfType<LowOnStock>().Should().BeEmpty();

        product.Merge(Fetched(fbo: 4, fbs: 0, salesFrom: Today.AddDays(2)), Today.AddDays(2), Rules);
        product.PullEvents().OfType<LowOnStock>().Should().ContainSingle().Which.Band.Should().Be(LowStockBand.Sent6);
        product.Status.Should().Be(ProductStatus.New);
    }

    [Fact]
    public void E7_Ordinary1000SoldStock1_RaisesSent12WithNoUpperBound()
    {
        var product = Stored(fbo: 1, fbs: 0, ProductStatus.Ordinary, days: InStockDays(DateWindow.Back(Today, 30), 30, 1000));

        product.Merge(Fetched(fbo: 1, fbs: 0), Today, Rules);

        var alert = product.PullEvents().OfType<LowOnStock>().Should().ContainSingle().Subject;
        alert.Band.Should().Be(LowStockBand.Sent12);
        alert.Band.StatusNotification().Should().Be(3);
        alert.Product.SalesForPeriod.Should().Be(1000);
    }

    [Fact]
    public void E8_NeverInStock_IsAbsoluteNewUntilMoreThan15InStockDaysAndOneRecent()
    {
        var product = Product.Create(LegalEntity, Fetched(fbo: 0, fbs: 0), Today, Rules);
        product.Status.Should().Be(ProductStatus.AbsoluteNew);

        // In stock every day from tomorrow on; the rule reads complete days only.
        for (var day = 1; day <= 16; day++)
        {
            var date = Today.AddDays(day);
            product.Merge(Fetched(fbo: 100, fbs: 0, salesFrom: date), date, Rules);
            product.Status.Should().Be(ProductStatus.AbsoluteNew, $"on day {day} only {day - 1} complete days were in stock");
        }

        var seventeenth = Today.AddDays(17);
        product.Merge(Fetched(fbo: 100, fbs: 0, salesFrom: seventeenth), seventeenth, Rules);
        product.Status.Should().Be(ProductStatus.Ordinary);
    }

    [Fact]
    public void E8_AbsoluteNewOutOfStockForLong_NeverBecomesNew()
    {
        var product = Stored(fbo: 0, fbs: 0, ProductStatus.AbsoluteNew, days: InStockDays(DateWindow.Back(Today, 30, 1), 20, 20));

        product.Merge(Fetched(fbo: 0, fbs: 0), Today, Rules);

        product.Status.Should().Be(ProductStatus.AbsoluteNew);
    }

    [Fact]
    public void E9_Replenishment_RaisesLevelAndClearsBandMemory_DepletionKeepsLevel()
    {
        var product = Stored(fbo: 5, fbs: 0, ProductStatus.New, replenishedLevel: 5, band: LowStockBand.Sent6);

        product.Merge(Fetched(fbo: 20, fbs: 0), Today, Rules);
        product.ReplenishedLevel.Should().Be(20);
        product.NotifiedBand.Should().BeNull();

        var tomorrow = Today.AddDays(1);
        product.Merge(Fetched(fbo: 8, fbs: 0, salesFrom: tomorrow), tomorrow, Rules);
        product.ReplenishedLevel.Should().Be(20);
    }

    [Fact]
    public void E10_FboCrossesThreshold_RaisesOverThenReceived_FlatRaisesNothing()
    {
        var product = Stored(fbo: 12, fbs: 0, ProductStatus.Ordinary);

        product.Merge(Fetched(fbo: 3, fbs: 0), Today, Rules);
        product.PullEvents().OfType<StockFboOver>().Should().ContainSingle().Which.Product.StockFbo.Should().Be(3);

        product.Merge(Fetched(fbo: 15, fbs: 0, salesFrom: Today.AddDays(1)), Today.AddDays(1), Rules);
        product.PullEvents().Should().ContainSingle().Which.Should().BeOfType<StockFboReceived>();

        var flat = Stored(fbo: 9, fbs: 0, ProductStatus.Ordinary);
        flat.Merge(Fetched(fbo: 9, fbs: 0), Today, Rules);
        flat.Merge(Fetched(fbo: 9, fbs: 0, salesFrom: Today.AddDays(1)), Today.AddDays(1), Rules);
        flat.PullEvents().Where(e => e is StockFboOver or StockFboReceived).Should().BeEmpty();
    }

    [Fact]
    public void E11_OrdinaryRestockedAfterSent6Cycle_AlertsSent6Again()
    {
        // 60 sold in the last window: stock 5 is ratio 12.0, in band sent_6.
        var days = LastWindowFullyInStock(soldPerDay: 2).ToList();
        var product = Stored(fbo: 5, fbs: 0, ProductStatus.Ordinary, band: LowStockBand.Sent6, days: days);

        product.Merge(Fetched(fbo: 40, fbs: 0), Today, Rules);
        product.NotifiedBand.Should().BeNull("a replenishment re-arms the band memory");
        product.PullEvents().OfType<LowOnStock>().Should().BeEmpty();

        var tomorrow = Today.AddDays(1);
        product.Merge(Fetched(fbo: 5, fbs: 0, salesFrom: Today, orders: new Dictionary<DateOnly, int> { [Today] = 2 }), tomorrow, Rules);
        product.PullEvents().OfType<LowOnStock>().Should().ContainSingle().Which.Band.Should().Be(LowStockBand.Sent6);
    }
}
