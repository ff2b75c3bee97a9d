using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Checks;
using Stock.Application.Commands;
using Stock.Application.Marketplaces;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Products;
using Stock.Infrastructure.Persistence;

namespace Stock.Tests.Application;

/// <summary>
/// A third marketplace, registered from this project alone (docs/architecture.md, "Add a marketplace"): its
/// definition and its adapter, and nothing else of Stock changed. Its key is stored, a check reads it, stores its
/// products and raises an alert about them, and the report shows them; an unregistered marketplace is refused.
/// </summary>
public sealed class ThirdMarketplaceTests : IAsyncDisposable
{
    private const string Seller = "ООО Третий рынок";
    private static readonly Marketplace YandexMarket = Marketplace.Of("ym");

    private readonly string _dir = Directory.CreateTempSubdirectory("stock-third-").FullName;

    [Fact]
    public async Task AStubMarketplace_RegisteredFromTheTestProject_IsCheckedLikeWbAndOzon()
    {
        var stub = new StubYandexMarket();
        await using var provider = await StartAsync(stub);
        await using var scope = provider.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();

        var entity = await bus.SendAsync(new SetMarketplaceKey(Seller, "YM", Token: "ym-token-0123456789"), default);
        entity.Keys.Keys.Should().Equal(YandexMarket);

        var report = await scope.ServiceProvider.GetRequiredService<CheckPolicy>().CheckThenRelayAsync(new CheckStocks(Seller), default);

        report.Succeeded.Should().BeTrue(report.Marketplaces.Single().Error);
        report.Marketplaces.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Marketplace = YandexMarket, Products = 2 });
        report.Events["LowOnStock"].Should().Be(1, "the mug sells 2 a day from a stock of 5; the plate has 400 and sells nothing");
        report.Events["SupplyDue"].Should().Be(2, "the mug's ship and reorder are due");
        report.Relay!.Published.Should().Be(3);
        stub.Keys.Should().OnlyContain(k => k.Marketplace == YandexMarket && k.Secret == "ym-token-0123456789", "the adapter gets its own key, as stored");

        var line = (await File.ReadAllLinesAsync(Path.Combine(_dir, "events.jsonl"))).Should().ContainSingle(l => l.Contains("\"low_on_stock\"", StringComparison.Ordinal)).Subject;
        using var published = JsonDocument.Parse(line);
        var attributes = published.RootElement.GetProperty("attributes");
        attributes.GetProperty("event_type").GetString().Should().Be("LowOnStock");
        attributes.GetProperty("marketplace").GetString().Should().Be("ym");
        attributes.GetProperty("sku").GetString().Should().Be("1001");
        line.Should().Contain("\"url_on_product\":\"https://market.yandex.ru/product/1001\"").And.Contain("\"mp\":\"ym\"");

        var stock = await bus.SendAsync(new ReportStock(Seller), default);
        stock.Lines.Select(l => (l.Marketplace, l.Sku, l.StockFbo, l.StockFbs)).Should().BeEquivalentTo([(YandexMarket, "1001", 3, 2), (YandexMarket, "1002", 400, 0)]);
    }

    [Fact]
    public async Task AMarketplaceNobodyRegistered_IsRefusedByName_NeverTakenForAnother()
    {
        await using var provider = await StartAsync(new StubYandexMarket());
        await using var scope = provider.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();

        var refused = await FluentActions.Awaiting(() => bus.SendAsync(new SetMarketplaceKey(Seller, "zz", Token: "zz-token-0123456789"), default))
            .Should().ThrowAsync<RequestRejectedException>();

        refused.Which.Reason.Should().Be(RequestRejection.InvalidInput);
        refused.Which.Message.Should().Be("Unknown marketplace 'zz': expected 'wb' or 'ozon' or 'ym'.");
        FluentActions.Invoking(() => scope.ServiceProvider.GetRequiredService<MarketplaceRegistry>().Client(Marketplace.Of("zz")))
            .Should().Throw<InvalidOperationException>().WithMessage("No marketplace 'zz' is registered here (registered: wb, ozon, ym).");
    }

    [Fact]
    public void ADefinitionWithoutItsAdapter_OrAnAdapterWithoutItsDefinition_FailsAtStart()
    {
        var definition = new MarketplaceDefinition(YandexMarket, "Yandex Market", KeyShape.Token);

        FluentActions.Invoking(() => new MarketplaceRegistry([definition], []))
            .Should().Throw<InvalidOperationException>().WithMessage("The marketplace ym is registered without a client.");
        FluentActions.Invoking(() => new MarketplaceRegistry([], [new StubYandexMarket()]))
            .Should().Throw<InvalidOperationException>().WithMessage("A client of ym is registered without its definition.");
        FluentActions.Invoking(() => new MarketplaceRegistry([definition, definition], [new StubYandexMarket()]))
            .Should().Throw<InvalidOperationException>().WithMessage("The marketplace ym is registered twice.");
    }

    [Theory]
    [InlineData(KeyShape.Token, "t-0123456789", null, null, null)]
    [InlineData(KeyShape.Token, null, null, null, "A ym key needs --token.")]
    [InlineData(KeyShape.Token, "t-0123456789", "42", null, "A ym key is a --token; --client-id and --api-key are not part of it.")]
    [InlineData(KeyShape.ClientIdAndApiKey, null, "42", "k-0123456789", null)]
    [InlineData(KeyShape.ClientIdAndApiKey, null, "42", null, "A ym key needs --api-key.")]
    [InlineData(KeyShape.ClientIdAndApiKey, "t-0123456789", "42", "k-0123456789", "A ym key is --client-id and --api-key; --token is not part of it.")]
    [InlineData(KeyShape.ClientIdAndApiKey, null, "x42", "k-0123456789", "The Yandex Market client id must be a positive number*")]
    public void TheKeyShape_TakesExactlyItsParts(KeyShape shape, string? token, string? clientId, string? apiKey, string? error)
    {
        var definition = new MarketplaceDefinition(YandexMarket, "Yandex Market", shape);

        var create = FluentActions.Invoking(() => definition.CreateKey(token, clientId, apiKey));

        if (error is null)
        {
            var key = create.Should().NotThrow().Subject;
            (key.Marketplace, key.ClientId, key.Secret).Should().Be((YandexMarket, clientId, (token ?? apiKey)!));
        }
        else
        {
            create.Should().Throw<ArgumentException>().WithMessage(error);
        }
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task<ServiceProvider> StartAsync(StubYandexMarket stub)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Stock"] = $"Data Source={Path.Combine(_dir, "stock.db")};Pooling=False",
            ["Stock:Events:File"] = Path.Combine(_dir, "events.jsonl"),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStock(configuration);
        services.AddSingleton(stub);
        services.AddMarketplace<StubYandexMarket>(new MarketplaceDefinition(YandexMarket, "Yandex Market", KeyShape.Token));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.GetRequiredService<IStockDatabase>().MigrateAsync(default);
        return provider;
    }

    /// <summary>A marketplace in memory: two cards, a mug that sells 2 a day and a plate that does not.</summary>
    private sealed class StubYandexMarket : IMarketplaceClient
    {
        private readonly List<MarketplaceKey> _keys = [];

        public IReadOnlyList<MarketplaceKey> Keys => _keys;

        public Marketplace Marketplace => YandexMarket;

        public Task<IReadOnlyList<MarketplaceProduct>> GetProductsAsync(MarketplaceKey key, CancellationToken cancellationToken)
        {
            _keys.Add(key);
            return Task.FromResult<IReadOnlyList<MarketplaceProduct>>(
            [
                new(Sku.From(YandexMarket, 1001, "MUG-1"), "Кружка", [], "https://market.yandex.ru/product/1001"),
                new(Sku.From(YandexMarket, 1002, "PLATE-1"), "Тарелка", [], "https://market.yandex.ru/product/1002"),
            ]);
        }

        public Task<FboStock> GetFboStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken) =>
            Task.FromResult(FboStock.Of(new Dictionary<string, int> { ["1001"] = 3, ["1002"] = 400 }));

        public Task<IReadOnlyDictionary<string, int>> GetFbsStockAsync(MarketplaceKey key, IReadOnlyList<MarketplaceProduct> products, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int> { ["1001"] = 2 });

        public async IAsyncEnumerable<OrdersPage> ReadDailyOrdersAsync(MarketplaceKey key, DateOnly since, string? after, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var days = Enumerable.Range(0, today.DayNumber - since.DayNumber).Select(i => new DailyOrders("1001", since.AddDays(i), 2)).ToArray();
            yield return new OrdersPage(days, Cursor: null);
        }
    }
}
