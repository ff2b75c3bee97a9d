using Stock.Domain;
using Stock.Domain.Events;
using Stock.Domain.Products;
using Stock.Domain.Rules;
using static Stock.Tests.Domain.DomainTestData;

namespace Stock.Tests.Domain;

public sealed class MarketplaceAndSkuTests
{
    [Theory]
    [InlineData("wb", "wb")]
    [InlineData(" OZON ", "ozon")]
    [InlineData("ym", "ym")]
    public void Marketplace_IsItsCode_TrimmedInLowerCase(string value, string code) =>
        Marketplace.Of(value).Code.Should().Be(code);

    [Fact]
    public void Marketplace_WireNamesAreExact_AndTheBuiltInOnesAreTheSameValues()
    {
        Marketplace.Wildberries.ToWire().Should().Be("wb");
        Marketplace.Ozon.ToWire().Should().Be("ozon");
        Marketplace.Of("WB").Should().Be(Marketplace.Wildberries);
        Marketplace.Of("ozon").Should().NotBe(Marketplace.Wildberries);
    }

    [Theory]
    [InlineData("")]
    [InlineData("wb ozon")]
    [InlineData("yandex_market_extra_long")]
    [InlineData("озон")]
    public void Marketplace_MalformedCode_ThrowsNamingIt(string value) =>
        FluentActions.Invoking(() => Marketplace.Of(value))
            .Should().Throw<DomainException>().WithMessage($"'{value}' is not a marketplace code*");

    [Fact]
    public void Marketplace_Default_NamesNone_AndAnotherMarketplaceHasNoGuessedProductPage()
    {
        FluentActions.Invoking(() => default(Marketplace).ToWire()).Should().Throw<DomainException>().WithMessage("No marketplace given*");
        Sku.From(Marketplace.Ozon, 5, "a").ProductUrl.Should().Be("https://www.ozon.ru/product/5/");
        FluentActions.Invoking(() => Sku.From(Marketplace.Of("ym"), 5, "a").ProductUrl)
            .Should().Throw<DomainException>().WithMessage("No product page is known for ym:5*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("12a")]
    [InlineData("000")]
    [InlineData("-5")]
    public void Sku_NotAPositiveNumber_IsRejected(string id) =>
        FluentActions.Invoking(() => Sku.From(Marketplace.Ozon, id, "X")).Should().Throw<DomainException>();

    [Fact]
    public void Sku_Urls_FollowEachMarketplace()
    {
        Sku.From(Marketplace.Wildberries, 211111111, "A").ProductUrl.Should().Be("https://www.wildberries.ru/catalog/211111111/detail.aspx");
        Sku.From(Marketplace.Ozon, 1234567, "A").ProductUrl.Should().Be("https://www.ozon.ru/product/1234567/");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void LegalEntityName_Blank_IsRejected(string? name) =>
        FluentActions.Invoking(() => LegalEntityName.From(name)).Should().Throw<DomainException>().WithMessage("*blank*");

    [Fact]
    public void LegalEntityName_Over200Characters_IsRejected() =>
        FluentActions.Invoking(() => LegalEntityName.From(new string('я', 201))).Should().Throw<DomainException>().WithMessage("*201*");

    [Fact]
    public void LegalEntityName_IsTrimmed() => LegalEntityName.From("  ООО Амодекор ").Value.Should().Be("ООО Амодекор");
}

public sealed class BusinessDateTests
{
    [Fact]
    public void Window_Zero_IsTheNCompleteDaysBeforeToday()
    {
        var window = DateWindow.Back(Today, 30, 0);
        window.Start.Should().Be(Today.AddDays(-30));
        window.End.Should().Be(Today.AddDays(-1));
        window.Days.Should().Be(30);
    }

    [Fact]
    public void Window_One_IsTheNDaysBeforeThat()
    {
        var window = DateWindow.Back(Today, 30, 1);
        window.Start.Should().Be(Today.AddDays(-60));
        window.End.Should().Be(Today.AddDays(-31));
    }

    [Fact]
    public void BusinessDate_LateUtcEvening_IsNextDayInMoscow()
    {
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        BusinessCalendar.DateOf(new DateTimeOffset(2026, 11, 25, 21, 30, 0, TimeSpan.Zero), moscow).Should().Be(new DateOnly(2026, 11, 26));
        BusinessCalendar.DateOf(new DateTimeOffset(2026, 11, 25, 20, 59, 0, TimeSpan.Zero), moscow).Should().Be(new DateOnly(2026, 11, 25));
    }

    [Fact]
    public void SalesSync_FirstSight_Fetches60DaysBack() =>
        SalesSync.StartDate(null, Today, Rules).Should().Be(Today.AddDays(-60));

    [Fact]
    public void SalesSync_Incremental_OverlapsThreeDays() =>
        SalesSync.StartDate(Today.AddDays(-1), Today, Rules).Should().Be(Today.AddDays(-4));

    [Fact]
    public void SalesSync_LongGap_IsCappedAtTheInitialDepth() =>
        SalesSync.StartDate(Today.AddDays(-200), Today, Rules).Should().Be(Today.AddDays(-60));
}

public sealed class MergeTests
{
    [Fact]
    public void DayRecord_Merge_ReplacesQuantityAndOrsInStock()
    {
        var stored = new DayRecord(Today, 3, InStock: true);
        stored.MergeWith(new DayRecord(Today, 5, InStock: false)).Should().Be(new DayRecord(Today, 5, true));
        new DayRecord(Today, 3, false).MergeWith(new DayRecord(Today, 1, true)).Should().Be(new DayRecord(Today, 1, true));
    }

    [Fact]
    public void Create_SetsReplenishedLevelToStock_EvenZero()
    {
        Product.Create(LegalEntity, Fetched(7, 2), Today, Rules).ReplenishedLevel.Should().Be(9);
        Product.Create(LegalEntity, Fetched(0, 0), Today, Rules).ReplenishedLevel.Should().Be(0);
    }

    [Fact]
    public void Create_NewProduct_RaisesNoFboEvent()
    {
        var product = Product.Create(LegalEntity, Fetched(fbo: 50, fbs: 0), Today, Rules);
        product.PullEvents().Should().BeEmpty();
    }

    [Fact]
    public void Merge_NameUrlAndVendorCodeFollowTheMarketplace()
    {
        var product = Stored(5, 0, ProductStatus.Ordinary);
        var renamed = FetchedProduct.Create(Sku.From(WbSku.Marketplace, WbSku.Id, "MUG-BLUE"), "Новое имя", 5, 0, Today, url: "https://example.test/x");

        product.Merge(renamed, Today, Rules);

        product.Name.Should().Be("Новое имя");
        product.Url.Should().Be("https://example.test/x");
        product.Sku.VendorCode.Should().Be("MUG-BLUE");
    }

    [Fact]
    public void Merge_DayRecordsFromAFetch_FollowTheRules()
    {
        var known = Today.AddDays(-3);
        var product = Stored(5, 0, ProductStatus.Ordinary, days: [new DayRecord(known, 4, true)]);
        var orders = new Dictionary<DateOnly, int> { [Today.AddDays(-2)] = 2 };

        product.Merge(Fetched(0, 0, salesFrom: Today.AddDays(-4), orders), Today, Rules);

        product.History.Find(Today.AddDays(-4)).Should().BeNull("a past date without orders or an earlier observation is unknown");
        product.History.Find(known).Should().Be(new DayRecord(known, 0, true), "the quantity is refreshed and in-stock kept");
        product.History.Find(Today.AddDays(-2)).Should().Be(new DayRecord(Today.AddDays(-2), 2, true), "a sale means it was in stock");
        product.History.Find(Today).Should().Be(new DayRecord(Today, 0, false, Stock: 0), "today follows the stock at check time, and keeps it");
        product.History.Days.Select(d => d.Date).Should().Equal(known, Today.AddDays(-2), Today);
    }

    [Fact]
    public void Merge_SoldTodayWithNoStockLeft_TodayWasInStock()
    {
        var product = Stored(1, 0, ProductStatus.Ordinary);
        product.Merge(Fetched(0, 0, orders: new Dictionary<DateOnly, int> { [Today] = 1 }), Today, Rules);
        product.History.Find(Today)!.Value.InStock.Should().BeTrue();
    }

    [Fact]
    public void Merge_AnotherSku_IsRejected()
    {
        var product = Stored(5, 0, ProductStatus.Ordinary);
        var other = Fetched(1, 1, sku: Sku.From(Marketplace.Wildberries, 999, "X"));
        FluentActions.Invoking(() => product.Merge(other, Today, Rules)).Should().Throw<DomainException>().WithMessage("*wb:999*");
    }

    [Fact]
    public void Merge_OrdersAfterToday_AcrossMidnight_AreLeftForTheNextDay()
    {
        var product = Stored(5, 0, ProductStatus.Ordinary);
        var future = Fetched(1, 1, orders: new Dictionary<DateOnly, int> { [Today] = 2, [Today.AddDays(1)] = 3 });

        product.Merge(future, Today, Rules);

        product.History.Find(Today)!.Value.Quantity.Should().Be(2);
        product.History.Find(Today.AddDays(1)).Should().BeNull("a day that has not started for this check is not merged");
        product.Merge(future, Today.AddDays(1), Rules);
        product.History.Find(Today.AddDays(1))!.Value.Quantity.Should().Be(3, "the next day's check takes them");
    }

    [Fact]
    public void DayRecord_KeepsTheStockOfTheDaysLastCheck_AndAPastDayWithoutACheckKeepsItsOwn()
    {
        var product = Stored(5, 0, ProductStatus.Ordinary);
        product.Merge(Fetched(5, 2), Today, Rules);
        product.Merge(Fetched(3, 1), Today, Rules); // a second check the same day
        product.History.Find(Today)!.Value.Stock.Should().Be(4);

        product.Merge(Fetched(9, 0, salesFrom: Today), Today.AddDays(1), Rules);
        product.History.Find(Today)!.Value.Stock.Should().Be(4, "the next day's check saw no stock of this day");
        product.History.Find(Today.AddDays(1))!.Value.Stock.Should().Be(9);
    }

    [Theory]
    [InlineData(60, 5, 30, 55)]   // 2 a day: 60 for 30 days, 5 in stock
    [InlineData(45, 10, 30, 35)]  // 1.5 a day: 45
    [InlineData(10, 0, 30, 10)]   // 1/3 a day: 10
    [InlineData(7, 3, 30, 4)]     // 7/30 a day: ceil(7) - 3
    [InlineData(60, 100, 30, 0)]  // covered already
    [InlineData(0, 5, 30, 0)]     // nothing sells
    [InlineData(60, 5, 14, 23)]   // ceil(2 × 14) - 5
    public void RecommendedSupply_BringsTheStockToTheTargetCover(int soldIn30Days, int stock, int target, int expected)
    {
        var days = Enumerable.Range(1, 30).Select(i => new DayRecord(Today.AddDays(-i), i <= soldIn30Days % 30 ? (soldIn30Days / 30) + 1 : soldIn30Days / 30, true)).ToArray();
        var window = SalesWindow.Compute(new DailyHistory(days), stock, Today, 30);

        window.SalesQuantity.Should().Be(soldIn30Days);
        window.RecommendedSupply(target).Should().Be(expected);
    }

    [Fact]
    public void Sku_VendorCodeLongerThanAllowed_IsCut()
    {
        var sku = Sku.From(Marketplace.Wildberries, 211111111, new string('A', Sku.MaxLength + 50));
        sku.VendorCode.Should().Be(new string('A', Sku.MaxLength));
    }

    [Fact]
    public void Fetched_FromDailyUnits_DatesEachNumberFromSalesFrom_AndYieldsTheSameDayRecordsAsADictionary()
    {
        var from = Today.AddDays(-4);
        var compact = FetchedProduct.FromDailyUnits(WbSku, "Кружка", 3, 1, from, [2, 0, 5]);
        var keyed = FetchedProduct.Create(WbSku, "Кружка", 3, 1, from, new Dictionary<DateOnly, int> { [from] = 2, [from.AddDays(2)] = 5 });

        compact.Orders.Should().Equal(new Dictionary<DateOnly, int> { [from] = 2, [from.AddDays(2)] = 5 });
        var created = Product.Create(Guid.Empty, compact, Today, Rules);
        created.History.Days.Should().Equal(Product.Create(Guid.Empty, keyed, Today, Rules).History.Days);
        created.History.Days.Select(d => (d.Date, d.Quantity)).Should().Equal((from, 2), (from.AddDays(2), 5), (Today, 0));
    }

    [Fact]
    public void Fetched_FromDailyUnits_NegativeUnits_AreRejectedNamingTheDay() =>
        FluentActions.Invoking(() => FetchedProduct.FromDailyUnits(WbSku, "Кружка", 0, 0, Today.AddDays(-2), [1, -1]))
            .Should().Throw<DomainException>().WithMessage($"*{Today.AddDays(-1):yyyy-MM-dd}*negative*");

    [Fact]
    public void Fetched_NameLongerThanAllowed_IsCut() =>
        FetchedProduct.Create(WbSku, new string('я', FetchedProduct.MaxNameLength + 1), 1, 0, Today).Name
            .Should().HaveLength(FetchedProduct.MaxNameLength);

    [Theory]
    [InlineData("ООО Амодекор\nDROP")]
    [InlineData("ООО \u001b[31mАмодекор")]
    [InlineData("ООО\tАмодекор")]
    [InlineData("ООО Амодекор\u202e")]
    public void LegalEntityName_WithControlOrFormatCharacters_IsRejected(string name) =>
        FluentActions.Invoking(() => LegalEntityName.From(name)).Should().Throw<DomainException>().WithMessage("*control*");

    [Fact]
    public void Merge_CheckInThePast_IsRejected()
    {
        var product = Stored(5, 0, ProductStatus.Ordinary, checkedOn: Today);
        FluentActions.Invoking(() => product.Merge(Fetched(1, 1, salesFrom: Today.AddDays(-1)), Today.AddDays(-1), Rules))
            .Should().Throw<DomainException>();
    }

    [Fact]
    public void Fetched_NegativeStock_IsRejectedNamingTheSku() =>
        FluentActions.Invoking(() => Fetched(-1, 0)).Should().Throw<DomainException>().WithMessage("*wb:211111111*");

    [Fact]
    public void Restore_DuplicateDates_AreRejected() =>
        FluentActions.Invoking(() => Stored(1, 1, null, days: [new DayRecord(Today, 1, true), new DayRecord(Today, 2, true)]))
            .Should().Throw<DomainException>().WithMessage("*two records*");

    [Fact]
    public void History_StoredInAnyOrder_IsReadInDateOrderWithTheSameWindows()
    {
        DayRecord[] days = [new(Today.AddDays(-3), 4, true), new(Today.AddDays(-40), 7, true), new(Today.AddDays(-2), 9, false), new(Today.AddDays(-10), 1, true)];
        var shuffled = new DailyHistory(days);
        var ordered = new DailyHistory(days.OrderBy(d => d.Date));

        shuffled.Days.Select(d => d.Date).Should().BeInAscendingOrder().And.Equal(ordered.Days.Select(d => d.Date));
        var last = DateWindow.Back(Today, 30);
        (shuffled.InStockDays(last), shuffled.InStockQuantity(last)).Should().Be((2, 5L), "day -2 is out of stock and -40 is outside");
        shuffled.AnyInStock(DateWindow.Back(Today, 30, 1)).Should().BeTrue();
        shuffled.AnyInStock(new DateWindow(Today.AddDays(-2), Today)).Should().BeFalse();
        shuffled.AnyInStockBefore(Today.AddDays(-40)).Should().BeFalse();
        shuffled.AnyInStockBefore(Today.AddDays(-39)).Should().BeTrue();
        shuffled.Find(Today.AddDays(-10)).Should().Be(new DayRecord(Today.AddDays(-10), 1, true));
        shuffled.Find(Today.AddDays(-11)).Should().BeNull();
    }

    [Fact]
    public void History_AMergeOfAnEarlierDate_KeepsTheDaysInOrder()
    {
        var product = Stored(5, 0, ProductStatus.Ordinary, days: [new DayRecord(Today.AddDays(-5), 1, true), new DayRecord(Today.AddDays(-1), 2, true)]);
        product.Merge(Fetched(5, 0, salesFrom: Today.AddDays(-3), orders: new Dictionary<DateOnly, int> { [Today.AddDays(-3)] = 6 }), Today, Rules);

        product.History.Days.Select(d => (d.Date, d.Quantity)).Should().Equal(
            (Today.AddDays(-5), 1), (Today.AddDays(-3), 6), (Today.AddDays(-1), 0), (Today, 0));
    }

    [Fact]
    public void ReplenishedLevel_AfterPartialRestock_IsTheLevelJustAfterIt()
    {
        var product = Stored(5, 0, ProductStatus.New, replenishedLevel: 30);
        product.Merge(Fetched(10, 0), Today, Rules);
        product.ReplenishedLevel.Should().Be(10);
    }
}

public sealed class ClassificationTests
{
    [Fact]
    public void None_InStockRecently_IsOrdinary() =>
        ProductClassifier.Classify(null, new DailyHistory([new DayRecord(Today.AddDays(-15), 0, true)]), Today)
            .Should().Be(ProductStatus.Ordinary);

    [Fact]
    public void None_InStockOnlyLongAgo_IsNew() =>
        ProductClassifier.Classify(null, new DailyHistory([new DayRecord(Today.AddDays(-16), 0, true)]), Today)
            .Should().Be(ProductStatus.New);

    [Fact]
    public void None_InStockOnlyToday_IsAbsoluteNew_BecauseTodayIsPartial() =>
        ProductClassifier.Classify(null, new DailyHistory([new DayRecord(Today, 0, true)]), Today)
            .Should().Be(ProductStatus.AbsoluteNew);

    [Fact]
    public void Ordinary_NotInStockFor15Days_BecomesNew() =>
        ProductClassifier.Classify(ProductStatus.Ordinary, new DailyHistory([new DayRecord(Today.AddDays(-16), 1, true)]), Today)
            .Should().Be(ProductStatus.New);

    [Fact]
    public void New_Exactly15InStockDays_StaysNew()
    {
        var history = new DailyHistory(InStockDays(DateWindow.Back(Today, 15), 15, 15));
        ProductClassifier.Classify(ProductStatus.New, history, Today).Should().Be(ProductStatus.New);
    }

    [Fact]
    public void New_SixteenInStockDaysIncludingRecent_BecomesOrdinary()
    {
        var history = new DailyHistory(InStockDays(DateWindow.Back(Today, 16), 16, 16));
        ProductClassifier.Classify(ProductStatus.New, history, Today).Should().Be(ProductStatus.Ordinary);
    }

    [Fact]
    public void New_InStockOnlyInTheOlderHalf_StaysNew()
    {
        var history = new DailyHistory(InStockDays(DateWindow.Back(Today, 15, 1), 15, 15));
        ProductClassifier.Classify(ProductStatus.New, history, Today).Should().Be(ProductStatus.New);
    }
}

public sealed class LowStockPolicyTests
{
    [Theory]
    [InlineData(12.2, ProductStatus.Ordinary, LowStockBand.Sent12)]
    [InlineData(12.19, ProductStatus.Ordinary, LowStockBand.Sent6)]
    [InlineData(6.2, ProductStatus.Ordinary, LowStockBand.Sent6)]
    [InlineData(6.19, ProductStatus.Ordinary, null)]
    [InlineData(3.0, ProductStatus.Ordinary, null)]
    [InlineData(3.0, ProductStatus.New, LowStockBand.Sent3)]
    [InlineData(3.0, ProductStatus.AbsoluteNew, LowStockBand.Sent3)]
    [InlineData(2.99, ProductStatus.New, null)]
    [InlineData(100000, ProductStatus.New, LowStockBand.Sent12)]
    public void BandOf_LowerBoundsInclusive_NoUpperBound(double ratio, ProductStatus status, LowStockBand? expected) =>
        LowStockPolicy.BandOf((decimal)ratio, status).Should().Be(expected);

    [Fact]
    public void Ratio_Ordinary_IsSalesOverStock() =>
        LowStockPolicy.Ratio(ProductStatus.Ordinary, 5, 61, 999, Rules).Should().Be(12.2m);

    [Fact]
    public void Ratio_New_IsReplenishedLevelOverStock() =>
        LowStockPolicy.Ratio(ProductStatus.New, 4, 999, 30, Rules).Should().Be(7.5m);

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Ratio_OutsideSettings_IsNone(int stock) =>
        LowStockPolicy.Ratio(ProductStatus.New, stock, 1, 1000, Rules).Should().BeNull();

    [Fact]
    public void Ratio_FollowsChangedSettings() =>
        LowStockPolicy.Ratio(ProductStatus.New, 60, 1, 1000, Rules with { LowStockMax = 100 }).Should().NotBeNull();

    [Fact]
    public void Decide_SameBand_DoesNotAlertTwice() =>
        LowStockPolicy.Decide(LowStockBand.Sent6, LowStockBand.Sent6, inRange: true).Should().Be(((LowStockBand?)null, (LowStockBand?)LowStockBand.Sent6));

    [Fact]
    public void Decide_MoreUrgentBand_Alerts() =>
        LowStockPolicy.Decide(LowStockBand.Sent3, LowStockBand.Sent6, inRange: true).Should().Be(((LowStockBand?)LowStockBand.Sent6, (LowStockBand?)LowStockBand.Sent6));

    [Fact]
    public void Decide_LessUrgentBand_KeepsMemoryWithoutAlert() =>
        LowStockPolicy.Decide(LowStockBand.Sent12, LowStockBand.Sent6, inRange: true).Should().Be(((LowStockBand?)null, (LowStockBand?)LowStockBand.Sent12));

    [Fact]
    public void Decide_BelowEveryBand_ReArms() =>
        LowStockPolicy.Decide(LowStockBand.Sent12, null, inRange: true).Should().Be(((LowStockBand?)null, (LowStockBand?)null));

    [Fact]
    public void Decide_OutOfRange_KeepsMemory() =>
        LowStockPolicy.Decide(LowStockBand.Sent6, null, inRange: false).Should().Be(((LowStockBand?)null, (LowStockBand?)LowStockBand.Sent6));

    [Fact]
    public void OrdinaryRatioFallsBelowEveryBand_ThenRises_AlertsAgain()
    {
        var product = Stored(5, 0, ProductStatus.Ordinary, band: LowStockBand.Sent6, days: LastWindowFullyInStock(1));
        product.Merge(Fetched(5, 0), Today, Rules); // ratio 30/5 = 6.0: below every ordinary band
        product.NotifiedBand.Should().BeNull();
        product.PullEvents().Should().BeEmpty();

        product.Merge(Fetched(4, 0), Today, Rules); // ratio 30/4 = 7.5: sent_6 again, which the memory held before

        product.PullEvents().OfType<LowOnStock>().Should().ContainSingle().Which.Band.Should().Be(LowStockBand.Sent6, "the fall below every band re-armed it");
        product.NotifiedBand.Should().Be(LowStockBand.Sent6);
    }

    [Fact]
    public void BandNames_AreStable()
    {
        LowStockBand.Sent3.ToWire().Should().Be("sent_3");
        LowStockBand.Sent6.ToWire().Should().Be("sent_6");
        LowStockBand.Sent12.ToWire().Should().Be("sent_12");
        LowStockBandNames.Parse("sent_12").Should().Be(LowStockBand.Sent12);
    }
}

public sealed class FboRuleTests
{
    [Theory]
    [InlineData(10, 9, FboDirection.Over)]
    [InlineData(12, 0, FboDirection.Over)]
    [InlineData(9, 10, FboDirection.Received)]
    [InlineData(0, 15, FboDirection.Received)]
    [InlineData(10, 10, null)]
    [InlineData(9, 9, null)]
    [InlineData(15, 12, null)]
    public void Crossing_AtThresholdTen(int previous, int current, FboDirection? expected) =>
        FboRule.Crossing(previous, current, Rules).Should().Be(expected);

    [Fact]
    public void Crossing_FirstSeen_IsNothing() => FboRule.Crossing(null, 0, Rules).Should().BeNull();

    [Fact]
    public void Crossing_FollowsTheThresholdSetting() => FboRule.Crossing(5, 4, Rules with { FboThreshold = 5 }).Should().Be(FboDirection.Over);
}

public sealed class EventIdentityTests
{
    private static ProductAlert Alert(DateOnly date, Sku? sku = null) =>
        new(LegalEntity, sku ?? WbSku, "n", "u", 60, 3, 2, ProductStatus.Ordinary, date);

    [Fact]
    public void SameInputs_SameId()
    {
        new LowOnStock(Alert(Today), LowStockBand.Sent6).Identity.Id
            .Should().Be(new LowOnStock(Alert(Today) with { StockFbo = 1, Name = "other" }, LowStockBand.Sent6).Identity.Id);
    }

    [Fact]
    public void Id_IsAVersion5Uuid_OfTheCanonicalName()
    {
        var identity = new StockFboOver(Alert(Today)).Identity;
        identity.Name.Should().Be($"StockFBOOver:{LegalEntity}:wb:211111111:over:2026-11-26");
        identity.Id.ToString()[14].Should().Be('5');
        identity.Id.Should().Be(Guid.Parse("30ae73cd-220c-523a-bb23-d88049f63f37"), "the same as Python uuid.uuid5 of that name");
    }

    [Fact]
    public void DifferentBandDateTypeOrSku_DifferentIds()
    {
        var ids = new[]
        {
            new LowOnStock(Alert(Today), LowStockBand.Sent6).Identity.Id,
            new LowOnStock(Alert(Today), LowStockBand.Sent12).Identity.Id,
            new LowOnStock(Alert(Today.AddDays(1)), LowStockBand.Sent6).Identity.Id,
            new StockFboOver(Alert(Today)).Identity.Id,
            new StockFboReceived(Alert(Today)).Identity.Id,
            new LowOnStock(Alert(Today, Sku.From(Stock.Domain.Marketplace.Ozon, WbSku.Id, "x")), LowStockBand.Sent6).Identity.Id,
        };
        ids.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void DedupKey_LeavesOutTheDate()
    {
        var today = new LowOnStock(Alert(Today), LowStockBand.Sent6).Identity;
        var tomorrow = new LowOnStock(Alert(Today.AddDays(1)), LowStockBand.Sent6).Identity;
        today.DedupKey.Should().Be(tomorrow.DedupKey).And.Be($"LowOnStock:{LegalEntity}:wb:211111111:sent_6");
    }
}

public sealed class RuleOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var o = RuleOptions.Default;
        (o.SalesWindowDays, o.LowStockMin, o.LowStockMax, o.FboThreshold, o.DedupWindow, o.InitialSalesSyncDays, o.SalesSyncOverlapDays)
            .Should().Be((30, 1, 50, 10, TimeSpan.FromHours(15), 60, 3));
        o.Validate().Should().BeEmpty();
        o.HistoryDaysNeeded.Should().Be(60);
    }

    [Fact]
    public void Invalid_ListsEveryProblem()
    {
        var bad = RuleOptions.Default with { SalesWindowDays = 0, LowStockMin = 10, LowStockMax = 5 };
        bad.Validate().Should().HaveCount(2);
        FluentActions.Invoking(() => bad.EnsureValid()).Should().Throw<DomainException>().WithMessage("*SalesWindowDays*LowStockMax*");
    }
}
