using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Stock.Application;
using Stock.Application.Checks;
using Stock.Application.Commands;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Infrastructure.Marketplaces.Ozon;
using Stock.Infrastructure.Marketplaces.Wildberries;

namespace Stock.Tests.Fakes;

/// <summary>The real application composition (<see cref="StockApplication.AddStockApplication"/>) over fakes of every port and a fake clock.</summary>
internal sealed class ApplicationHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero); // 10:00 in Moscow

    private readonly ServiceProvider _provider;

    /// <param name="configure">Changes to the options.</param>
    /// <param name="listeners">Listeners to add.</param>
    /// <param name="replace">Services to replace.</param>
    /// <param name="supplyRule">
    /// Whether the supply rule runs: off by default here, where the tests pin the original's events (bands, FBO,
    /// clusters) and the relay; the supply rule's own tests turn it on.
    /// </param>
    public ApplicationHarness(Action<StockOptions>? configure = null, Action<MessageRegistry>? listeners = null, Action<IServiceCollection, TimeProvider>? replace = null, bool supplyRule = false)
    {
        Time = new FakeTimeProvider(Start);
        Wb = new FakeMarketplaceClient(Marketplace.Wildberries);
        Ozon = new FakeMarketplaceClient(Marketplace.Ozon);
        Dedup = new FakeDedupStore(Time);
        Leases = new FakeLeaseStore(Time);

        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Database);
        services.AddSingleton<IUnitOfWorkFactory, FakeUnitOfWorkFactory>();
        services.AddSingleton<IMarketplaceClient>(Wb);
        services.AddSingleton(WildberriesProtocol.Definition);
        services.AddSingleton<IMarketplaceClient>(Ozon);
        services.AddSingleton(OzonProtocol.Definition);
        services.AddSingleton<IDedupStore>(Dedup);
        services.AddSingleton<ILeaseStore>(Leases);
        services.AddSingleton<IEventPublisher>(Publisher);
        replace?.Invoke(services, Time);
        services.Configure<StockOptions>(o =>
        {
            o.Supply = o.Supply with { Enabled = supplyRule };
            configure?.Invoke(o);
        });
        var registry = services.AddStockApplication();
        listeners?.Invoke(registry);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public FakeTimeProvider Time { get; }
    public InMemoryDatabase Database { get; } = new();
    public FakeMarketplaceClient Wb { get; }
    public FakeMarketplaceClient Ozon { get; }
    public FakeDedupStore Dedup { get; }
    public FakeLeaseStore Leases { get; }
    public FakeEventPublisher Publisher { get; } = new();
    public CollectingLoggerProvider Logs { get; } = new();

    /// <summary>The business date now (Moscow).</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime);

    public IServiceProvider Services => _provider;

    public async Task<TResult> SendAsync<TResult>(ICommand<TResult> command)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMessageBus>().SendAsync(command, CancellationToken.None);
    }

    public Task<CheckReport> CheckAsync(string legalEntity = "ООО Амодекор", Marketplace? marketplace = null, bool relay = true) =>
        relay ? CheckThenRelayAsync(new CheckStocks(legalEntity, marketplace)) : SendAsync(new CheckStocks(legalEntity, marketplace));

    /// <summary>What a host does: the check, then the relay (<see cref="CheckPolicy"/>).</summary>
    public async Task<CheckReport> CheckThenRelayAsync(CheckStocks check)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CheckPolicy>().CheckThenRelayAsync(check, CancellationToken.None);
    }

    /// <summary>What <c>stock check --all</c> does.</summary>
    public async Task<AllChecksReport> CheckAllAsync(int shard = 0, int shards = 1)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CheckPolicy>().CheckAllThenRelayAsync(shard, shards, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

/// <summary>Keeps every log line, formatted with its exception, so that tests can search them.</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return _lines.ToArray();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (provider._lock)
            {
                provider._lines.Add($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
