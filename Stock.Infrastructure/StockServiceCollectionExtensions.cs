using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Stock.Application;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Infrastructure;
using Stock.Infrastructure.Events;
using Stock.Infrastructure.Health;
using Stock.Infrastructure.Persistence;
using Stock.Infrastructure.PubSub;
using Stock.Infrastructure.Redis;

namespace Stock;

/// <summary>The one entry point that registers all of Stock.</summary>
public static class StockServiceCollectionExtensions
{
    /// <summary>
    /// Registers Stock from configuration (README, Configuration): the application and its message bus, the
    /// database, the Wildberries and Ozon adapters, Redis (when configured) and the event publisher (Pub/Sub when a
    /// project is configured, else the JSON-lines file). Returns the message registry, through which a consuming
    /// team adds its own listeners: <c>services.AddStock(configuration).AddEventListener&lt;TEvent, MyListener&gt;()</c>.
    /// </summary>
    public static MessageRegistry AddStock(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var registry = services.AddStockApplication();
        services.AddOptions<StockOptions>().Bind(configuration.GetSection(StockOptions.SectionName));
        services.AddStockInfrastructure(configuration);
        return registry;
    }

    /// <summary>
    /// Registers Redis for deduplication and leases when <c>Stock:Redis:Configuration</c> or <c>REDIS_URL</c> is set;
    /// otherwise leaves them to the database. Runs before the database registration, which only adds what is missing.
    /// </summary>
    internal static IServiceCollection AddStockRedis(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var explicitConfiguration = configuration[$"{RedisOptions.SectionName}:Configuration"];
        var url = configuration["REDIS_URL"];
        var resolved = !string.IsNullOrWhiteSpace(explicitConfiguration) ? explicitConfiguration
            : !string.IsNullOrWhiteSpace(url) ? RedisUrl.ToConfiguration(url)
            : null;
        if (resolved is null)
        {
            return services;
        }

        services.AddOptions<RedisOptions>()
            .Bind(configuration.GetSection(RedisOptions.SectionName))
            .PostConfigure(o => o.Configuration = resolved);
        services.TryAddSingleton<RedisConnection>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        services.Replace(ServiceDescriptor.Singleton<ILeaseStore, RedisLeaseStore>());

        // Redis is the fast path; the store it stands in front of (the database's) remembers the window (D49).
        var durable = services.LastOrDefault(d => d.ServiceType == typeof(IDedupStore) && !d.IsKeyedService)
            ?? ServiceDescriptor.Singleton<IDedupStore, DatabaseDedupStore>();
        services.Add(Keyed(durable, DurableDedup));
        services.Replace(ServiceDescriptor.Singleton<IDedupStore>(sp => new RedisThenDatabaseDedupStore(
            new RedisDedupStore(sp.GetRequiredService<RedisConnection>()),
            sp.GetRequiredKeyedService<IDedupStore>(DurableDedup))));
        return services;
    }

    private const string DurableDedup = "durable";

    private static ServiceDescriptor Keyed(ServiceDescriptor descriptor, object key) => descriptor switch
    {
        { ImplementationInstance: { } instance } => new ServiceDescriptor(descriptor.ServiceType, key, instance),
        { ImplementationFactory: { } factory } => new ServiceDescriptor(descriptor.ServiceType, key, (sp, _) => factory(sp), descriptor.Lifetime),
        _ => new ServiceDescriptor(descriptor.ServiceType, key, descriptor.ImplementationType!, descriptor.Lifetime),
    };

    /// <summary>
    /// Registers the event publisher: Google Pub/Sub over REST when <c>Stock:PubSub:ProjectId</c> or <c>PROJECT_ID</c>
    /// is set (the emulator when <c>PUBSUB_EMULATOR_HOST</c> is), else the JSON-lines file <c>Stock:Events:File</c>.
    /// </summary>
    internal static IServiceCollection AddStockEvents(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var projectId = configuration[$"{PubSubOptions.SectionName}:ProjectId"];
        projectId = string.IsNullOrWhiteSpace(projectId) ? configuration["PROJECT_ID"] : projectId;
        var emulator = configuration[$"{PubSubOptions.SectionName}:EmulatorHost"];
        emulator = string.IsNullOrWhiteSpace(emulator) ? configuration["PUBSUB_EMULATOR_HOST"] : emulator;

        services.AddOptions<PubSubOptions>()
            .Bind(configuration.GetSection(PubSubOptions.SectionName))
            .PostConfigure(o =>
            {
                o.ProjectId = projectId ?? string.Empty;
                o.EmulatorHost = emulator ?? string.Empty;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PubSubOptions>, PubSubOptions.TopicsValidation>());
        services.AddOptions<EventFileOptions>().Bind(configuration.GetSection(EventFileOptions.SectionName));

        if (string.IsNullOrWhiteSpace(projectId))
        {
            services.Replace(ServiceDescriptor.Singleton<IEventPublisher, JsonLinesEventPublisher>());
            return services;
        }

        services.TryAddSingleton<PubSubCredentials>();
        services.AddHttpClient(PubSubHealthCheck.ClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        services.AddHealthChecks().AddCheck<PubSubHealthCheck>("pubsub");
        services.AddHttpClient(PubSubRestPublisher.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("pubsub", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<PubSubOptions>>().Value;
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        // The defaults retry 5xx, 408, 429 and network errors, never another 4xx.
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(500),
                    });
                }

                pipeline.AddTimeout(options.AttemptTimeout);
            });
        services.Replace(ServiceDescriptor.Singleton<IEventPublisher, PubSubRestPublisher>());
        return services;
    }
}
