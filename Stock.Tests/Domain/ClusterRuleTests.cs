using Stock.Domain;
using Stock.Domain.Events;
using Stock.Domain.Products;
using Stock.Domain.Rules;
using static Stock.Tests.Domain.DomainTestData;

namespace Stock.Tests.Domain;

/// <summary>
/// Worked examples of the Ozon cluster rule (docs/domain.md, <c>StockClusterLow</c>): a cluster where the product
/// sells with fewer than 7 days of cover is alerted once, remembered, and re-armed when it is replenished.
/// </summary>
public sealed class ClusterRuleTests
{
    private static readonly Sku Cup = Sku.From(Marketplace.Ozon, "1700000001", "CUP-OZ");
    private static readonly ClusterStock MoscowPlenty = new(4007, "Москва, МО и Дальние регионы", 60, 2.0m);

    [Fact]
    public void C1_PlentyInMoscow_TwoInNovosibirskSellingOneADay_AlertsNovosibirskOnly()
    {
        var product = Stored(fbo: 62, fbs: 0, ProductStatus.Ordinary, sku: Cup);

        product.Merge(Ozon(62, MoscowPlenty, new ClusterStock(4039, "Новосибирск", 2, 1.0m)), Today, Rules);

        var low = product.PullEvents().OfType<StockClusterLow>().Should().ContainSingle().Subject;
        low.Cluster.ClusterName.Should().Be("Новосибирск");
        low.Cluster.Stock.Should().Be(2);
        low.Cluster.DaysOfCover.Should().Be(2.0m, "2 units at 1 a day");
        low.Product.StockFbo.Should().Be(62, "the total looks fine: that is why the cluster alert exists");
        product.LowClusters.Should().Equal(4039);
    }

    [Fact]
    public void C2_StillLowNextDay_AlertsNothing_ThenReplenishedItReArms_AndRunningLowAgainAlertsAgain()
    {
        var product = Stored(fbo: 62, fbs: 0, ProductStatus.Ordinary, sku: Cup);
        product.Merge(Ozon(62, MoscowPlenty, new ClusterStock(4039, "Новосибирск", 2, 1.0m)), Today, Rules);
        product.PullEvents();

        product.Merge(Ozon(61, MoscowPlenty, new ClusterStock(4039, "Новосибирск", 1, 1.0m)), Today.AddDays(1), Rules);
        product.PullEvents().OfType<StockClusterLow>().Should().BeEmpty("the band memory holds Novosibirsk");

        product.Merge(Ozon(70, MoscowPlenty, new ClusterStock(4039, "Новосибирск", 10, 1.0m)), Today.AddDays(2), Rules);
        product.PullEvents().OfType<StockClusterLow>().Should().BeEmpty("10 days of cover is not low");
        product.LowClusters.Should().BeEmpty("a supply re-arms the cluster");

        product.Merge(Ozon(66, MoscowPlenty, new ClusterStock(4039, "Новосибирск", 6, 1.0m)), Today.AddDays(3), Rules);
        product.PullEvents().OfType<StockClusterLow>().Should().ContainSingle().Which.Cluster.DaysOfCover.Should().Be(6.0m);
    }

    [Theory]
    [InlineData(7, 1.0, false)] // exactly 7 days: not fewer than 7
    [InlineData(13, 2.0, true)] // 6.5 days
    [InlineData(0, 0.0, false)] // sells nothing there: not a cluster where the product sells
    [InlineData(0, 0.04, true)] // one sale in 28 days, none left
    [InlineData(100, 15.0, true)] // 6.7 days of a fast seller
    public void C3_LowMeansFewerThanSevenDaysOfCoverWhereItSells(int stock, double ads, bool low) =>
        ClusterRule.IsLow(new ClusterStock(1, "X", stock, (decimal)ads), Rules).Should().Be(low);

    [Fact]
    public void C4_ARememberedClusterThatIsAbsentOrStoppedSellingAtZero_KeepsItsMemory_StockWithoutSalesReArms()
    {
        var notified = new SortedSet<long> { 4039 };

        ClusterRule.Decide(notified, [MoscowPlenty], Rules).Remember.Should().Equal([4039L], "nothing is known of an absent cluster");
        ClusterRule.Decide(notified, [new ClusterStock(4039, "Новосибирск", 0, 0m)], Rules).Remember.Should().Equal([4039L], "28 days at zero sell nothing: not replenished");
        ClusterRule.Decide(notified, [new ClusterStock(4039, "Новосибирск", 5, 0m)], Rules).Remember.Should().BeEmpty("stock arrived where nothing sold lately");
    }

    [Fact]
    public void C5_ZeroClusterCoverDays_TurnsTheAlertOff()
    {
        var off = Rules with { ClusterCoverDays = 0 };
        var product = Stored(fbo: 2, fbs: 0, ProductStatus.Ordinary, sku: Cup);

        product.Merge(Ozon(2, new ClusterStock(4039, "Новосибирск", 2, 1.0m)), Today, off);

        product.PullEvents().OfType<StockClusterLow>().Should().BeEmpty();
    }

    [Fact]
    public void C6_ClusterMemory_SurvivesRestore()
    {
        var product = Product.Restore(new ProductState(
            LegalEntity, Cup, "Чашка", Cup.ProductUrl, 3, 0, ProductStatus.Ordinary, 3, null, null, Today.AddDays(-1), [])
        {
            LowClusters = [4039],
        });

        product.Merge(Ozon(3, new ClusterStock(4039, "Новосибирск", 1, 1.0m)), Today, Rules);

        product.PullEvents().OfType<StockClusterLow>().Should().BeEmpty("alerted by an earlier check, stored, not re-armed");
    }

    [Fact]
    public void C7_EachClusterHasItsOwnIdentity_ByProductClusterAndDay()
    {
        var alert = new ProductAlert(LegalEntity, Cup, "Чашка", Cup.ProductUrl, 30, 2, 0, ProductStatus.Ordinary, Today);
        var siberia = new StockClusterLow(alert, new ClusterStock(4039, "Новосибирск", 2, 1m));

        siberia.Identity.DedupKey.Should().Be($"StockClusterLow:{LegalEntity:D}:ozon:1700000001:cluster:4039");
        new StockClusterLow(alert, new ClusterStock(4040, "Урал", 2, 1m)).Identity.Id.Should().NotBe(siberia.Identity.Id);
        new StockClusterLow(alert, new ClusterStock(4039, "Новосибирск", 1, 1m)).Identity.Id.Should().Be(siberia.Identity.Id, "the same crossing on the same day is the same event");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(366)]
    public void ClusterCoverDays_OutOfRange_IsRefusedNamingTheSetting(int days) =>
        (Rules with { ClusterCoverDays = days }).Validate().Should().ContainSingle().Which.Should().Contain("ClusterCoverDays");

    [Fact]
    public void ClusterStock_RefusesNegativeStockOrSales()
    {
        FluentActions.Invoking(() => new ClusterStock(1, "X", -1, 1m)).Should().Throw<DomainException>().WithMessage("*cluster 1*negative*");
        FluentActions.Invoking(() => new ClusterStock(1, "X", 1, -0.5m)).Should().Throw<DomainException>().WithMessage("*cluster 1*negative*");
    }

    private static FetchedProduct Ozon(int fbo, params ClusterStock[] clusters) =>
        FetchedProduct.Create(Cup, "Чашка", fbo, 0, Today, clusters: clusters);
}
