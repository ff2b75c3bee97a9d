using Stock.Application.Alerts;
using Stock.Application.Commands;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Application;

/// <summary>The catalogue every count, column and topic derives from, and the counts it keys.</summary>
public sealed class AlertCatalogueTests
{
    [Fact]
    public void Catalogue_ListsTheAlertsInTheContractsOrder_WithTheirTopicSettingsAndDefaults()
    {
        AlertCatalogue.All.Select(a => (a.Name, a.Topic.Setting, a.Topic.Default)).Should().Equal(
            ("LowOnStock", "LowOnStock", "low_on_stock"),
            ("StockFBOOver", "StockFboOver", "fbo_over"),
            ("StockFBOReceived", "StockFboReceived", "fbo_received"),
            ("StockClusterLow", "ClusterLow", "cluster_low"),
            ("SupplyDue", "SupplyDue", "supply_due"));
        AlertCatalogue.Topics.Select(t => t.Default).Should().Equal("low_on_stock", "fbo_over", "fbo_received", "cluster_low", "supply_due", "stock_health");
    }

    [Theory]
    [InlineData("MarketplaceAccessLost")]
    [InlineData("MarketplaceKeyExpiring")]
    public void HealthEvents_GoToTheHealthTopic_AndAreNoCountedAlert(string eventType)
    {
        AlertCatalogue.TopicOf(eventType).Should().Be(AlertCatalogue.HealthTopic);
        AlertCatalogue.IndexOf(eventType).Should().Be(-1);
        FluentActions.Invoking(() => EventCounts.Of([eventType])).Should().Throw<ArgumentException>().WithMessage($"'{eventType}' is no alert type of the catalogue.*");
    }

    [Fact]
    public void AnUnknownEventType_HasNoTopic() =>
        FluentActions.Invoking(() => AlertCatalogue.TopicOf("StockOverflow")).Should().Throw<ArgumentException>().WithMessage("No topic for event type 'StockOverflow'.*");

    [Fact]
    public void Counts_AreKeyedByTheWireNames_SumAndReadBack()
    {
        var counts = EventCounts.Of(["LowOnStock", "StockClusterLow", "LowOnStock"]).Add(Alerts.Counts(fboOver: 2));

        (counts["LowOnStock"], counts["StockFBOOver"], counts["StockFBOReceived"], counts["StockClusterLow"], counts.Total).Should().Be((2, 2, 0, 1, 5));
        counts.ByType.Select(c => c.Key.Name).Should().Equal(AlertCatalogue.All.Select(a => a.Name), "every type, in the catalogue's order");
        EventCounts.From(counts.ByType.ToDictionary(c => c.Key.Name, c => c.Value)).Should().Be(counts);
        EventCounts.From(new Dictionary<string, int> { ["LowOnStock"] = 1, ["Retired"] = 9 }).Should().Be(Alerts.Counts(lowOnStock: 1), "a stored type the catalogue no longer has is left out");
        EventCounts.None.Total.Should().Be(0);
    }
}
