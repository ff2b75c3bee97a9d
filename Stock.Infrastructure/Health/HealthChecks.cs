using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Stock.Application.Alerts;
using Stock.Application.Messaging;
using Stock.Infrastructure.Persistence;
using Stock.Infrastructure.PubSub;
using Stock.Infrastructure.Redis;

namespace Stock.Infrastructure.Health;

/// <summary>The database answers a connection (docs/contracts.md, the HTTP function: readiness).</summary>
internal sealed class DatabaseHealthCheck(IStockDatabase database, DatabaseOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy(options.Describe())
                : HealthCheckResult.Unhealthy($"{options.Describe()} does not answer");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{options.Describe()} does not answer: {ErrorText.Of(ex, 200)}");
        }
    }
}

/// <summary>Redis answers a PING.</summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.RunAsync(db => db.PingAsync());
            return HealthCheckResult.Healthy($"PING in {latency.TotalMilliseconds:0} ms");
        }
        catch (Application.Ports.ServiceUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}

/// <summary>
/// Pub/Sub answers for each topic Stock publishes to: a topic that does not exist is unhealthy (events would wait);
/// 403 means Pub/Sub answers and the runtime may publish but not inspect topics, which is enough.
/// </summary>
internal sealed class PubSubHealthCheck(IHttpClientFactory clients, PubSubCredentials credentials, IOptions<PubSubOptions> options) : IHealthCheck
{
    public const string ClientName = "pubsub-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var topics = AlertCatalogue.Topics.Select(settings.TopicOf).Distinct().ToArray();
        try
        {
            var missing = new List<string>();
            foreach (var topic in topics)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(settings.BaseUrl, $"v1/projects/{settings.ProjectId}/topics/{topic}"));
                await credentials.AuthorizeAsync(request, cancellationToken);
                using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    missing.Add(topic);
                }
                else if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Forbidden)
                {
                    return HealthCheckResult.Unhealthy($"Pub/Sub at {settings.BaseUrl.Authority} answered HTTP {(int)response.StatusCode} for topic {topic}");
                }
            }

            return missing.Count == 0
                ? HealthCheckResult.Healthy($"Pub/Sub at {settings.BaseUrl.Authority}, topics {string.Join(", ", topics)}")
                : HealthCheckResult.Unhealthy($"Pub/Sub topic(s) {string.Join(", ", missing)} do not exist in project {settings.ProjectId}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Pub/Sub at {settings.BaseUrl.Authority} does not answer: {ErrorText.Of(ex, 200)}");
        }
    }
}
