using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stock.Application;
using Stock.Application.Ports;
using Stock.Infrastructure.Events;
using Stock.Infrastructure.Marketplaces;
using Stock.Infrastructure.PubSub;
using Stock.Infrastructure.Redis;

namespace Stock.Tests.Hosts;

/// <summary>The configuration contract (README, Configuration): the keys, their defaults, and the original's variables, through <c>AddStock</c>.</summary>
public sealed class ConfigurationContractTests
{
    [Fact]
    public async Task Defaults_AreTheEmbeddedOnes()
    {
        await using var provider = Build([]);

        var stock = provider.GetRequiredService<IOptions<StockOptions>>().Value;
        (stock.TimeZone, stock.Concurrency, stock.Rules.SalesWindowDays, stock.Rules.LowStockMax, stock.Rules.FboThreshold)
            .Should().Be(("Europe/Moscow", 8, 30, 50, 10));
        provider.GetRequiredService<IEventPublisher>().Should().BeOfType<JsonLinesEventPublisher>();
        provider.GetRequiredService<IOptions<EventFileOptions>>().Value.File.Should().Be("events.jsonl");
        provider.GetRequiredService<IDedupStore>().GetType().Name.Should().Be("DatabaseDedupStore");
        var pubsub = provider.GetRequiredService<IOptions<PubSubOptions>>().Value;
        (pubsub.TopicOf("LowOnStock"), pubsub.TopicOf("StockFBOOver"), pubsub.TopicOf("StockFBOReceived")).Should().Be(("low_on_stock", "fbo_over", "fbo_received"));
        provider.GetRequiredService<IOptions<MarketplaceOptions>>().Value.Ozon.BaseUrl.Should().Be(new Uri("https://api-seller.ozon.ru"));
    }

    [Fact]
    public async Task SettingsAndTheOriginalsVariables_AreHonoured()
    {
        await using var provider = Build(new()
        {
            ["Stock:Rules:LowStockMax"] = "80",
            ["Stock:Rules:DedupWindow"] = "10:00:00",
            ["Stock:TimeZone"] = "Asia/Yekaterinburg",
            ["Stock:Concurrency"] = "2",
            ["REDIS_URL"] = "redis://127.0.0.1:1/3",
            ["PROJECT_ID"] = "my-project",
            ["PUBSUB_EMULATOR_HOST"] = "127.0.0.1:8085",
            ["Stock:PubSub:Topics:LowOnStock"] = "custom_low",
            ["Stock:Marketplaces:Wildberries:ContentBaseUrl"] = "http://wb.test/",
        });

        var stock = provider.GetRequiredService<IOptions<StockOptions>>().Value;
        (stock.Rules.LowStockMax, stock.Rules.DedupWindow, stock.TimeZone, stock.Concurrency).Should().Be((80, TimeSpan.FromHours(10), "Asia/Yekaterinburg", 2));
        Stock.Domain.Rules.RuleOptions.Default.LowStockMax.Should().Be(50, "binding never changes the shared defaults");
        provider.GetRequiredService<IOptions<RedisOptions>>().Value.Configuration.Should().Be("127.0.0.1:1,defaultDatabase=3");
        provider.GetRequiredService<IDedupStore>().GetType().Name.Should().Be("RedisThenDatabaseDedupStore", "Redis first, the database its memory (D49)");
        provider.GetRequiredService<IEventPublisher>().GetType().Name.Should().Be("PubSubRestPublisher");
        var pubsub = provider.GetRequiredService<IOptions<PubSubOptions>>().Value;
        (pubsub.ProjectId, pubsub.BaseUrl, pubsub.TopicOf("LowOnStock")).Should().Be(("my-project", new Uri("http://127.0.0.1:8085/"), "custom_low"));
        provider.GetRequiredService<IOptions<MarketplaceOptions>>().Value.Wildberries.ContentBaseUrl.Should().Be(new Uri("http://wb.test/"));
    }

    [Fact]
    public async Task InvalidSettings_AreNamedAtStart()
    {
        await using var provider = Build(new() { ["Stock:Concurrency"] = "0", ["Stock:TimeZone"] = "Mars/Olympus", ["Stock:CatalogueFullReadDays"] = "30", ["Stock:CataloguesAtOnce"] = "-1" });

        FluentActions.Invoking(() => provider.GetRequiredService<IOptions<StockOptions>>().Value)
            .Should().Throw<OptionsValidationException>()
            .Which.Message.Should().Contain("Stock:TimeZone 'Mars/Olympus'").And.Contain("Stock:Concurrency must be between 1 and 64, not 0")
            .And.Contain("Stock:CatalogueFullReadDays must be between 0 and 25 (Wildberries empties its trash after 30 days), not 30")
            .And.Contain("Stock:CataloguesAtOnce must be between 0 (by the memory the runtime may use) and 64, not -1");
    }

    [Theory]
    [InlineData("Stock:PubSub:Topics:LowOnStok", "low_on_stock_v2", "Stock:PubSub:Topics:LowOnStok is no topic setting: expected LowOnStock, StockFboOver, StockFboReceived, ClusterLow, SupplyDue, Health.")]
    [InlineData("Stock:PubSub:Topics:ClusterLow", " ", "Stock:PubSub:Topics:ClusterLow is blank: it must name a topic.")]
    public async Task ATopicSettingTheCatalogueDoesNotKnow_OrABlankTopic_IsNamedAtStart(string key, string value, string message)
    {
        await using var provider = Build(new() { [key] = value });

        FluentActions.Invoking(() => provider.GetRequiredService<IOptions<PubSubOptions>>().Value)
            .Should().Throw<OptionsValidationException>().Which.Message.Should().Be(message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStock(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
