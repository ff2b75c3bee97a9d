using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Stock.Infrastructure.Marketplaces;

/// <summary>
/// The HTTP clients of the marketplace hosts: a total timeout, retries with jittered exponential back-off on 5xx,
/// 408, 429 and network errors only (never on 400/401/403/404), waiting what a 429 asks (<c>X-Ratelimit-Retry</c>,
/// then <c>Retry-After</c>), an attempt timeout, and the client-side rate limiter innermost.
/// </summary>
internal static class MarketplaceResilience
{
    /// <summary>Registers the HTTP clients of <paramref name="protocol"/>'s hosts, and what every marketplace's clients share.</summary>
    public static void AddMarketplaceHttpClients(this IServiceCollection services, MarketplaceProtocol protocol)
    {
        services.AddSingleton<MarketplaceProtocol>(protocol);
        services.TryAddSingleton<MarketplaceRateLimiters>();
        services.TryAddTransient<MarketplaceMetricsHandler>();
        services.TryAddSingleton<ResponseBuffers>();
        services.TryAddTransient<BodyWithinAttemptHandler>();
        services.TryAddSingleton(sp => new MarketplaceMetricsHandler.Requests(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<MarketplaceHttp>();
        foreach (var (name, baseUrl) in protocol.Hosts)
        {
            AddHost(services, name, baseUrl);
        }
    }

    /// <summary>How long the server asked to wait: <c>X-Ratelimit-Retry</c> seconds, then <c>Retry-After</c>; null if it did not say.</summary>
    public static TimeSpan? ServerDelay(HttpResponseMessage? response, TimeProvider time)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValues("X-Ratelimit-Retry", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
    }

    private static void AddHost(IServiceCollection services, string name, Func<MarketplaceOptions, Uri> baseUrl)
    {
        services.AddHttpClient(name, (sp, client) =>
            {
                var url = baseUrl(sp.GetRequiredService<IOptions<MarketplaceOptions>>().Value).ToString();
                client.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
                client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline times out
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Stock/1.0");
            })
            .AddResilienceHandler("marketplace", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<MarketplaceOptions>>().Value;
                var time = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
                var limiters = context.ServiceProvider.GetRequiredService<MarketplaceRateLimiters>();
                var permits = new HttpRateLimiterStrategyOptions
                {
                    Name = "permits",
                    RateLimiter = args => limiters.AcquireAsync(args.Context.GetRequestMessage(), args.Context.CancellationToken),
                };
                pipeline.AddTimeout(options.TotalTimeout);
                if (options.MaxRetries <= 0)
                {
                    pipeline.AddRateLimiter(permits);
                    pipeline.AddTimeout(options.AttemptTimeout);
                    return;
                }

                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, options, time)),
                    DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Result, time)),
                });

                // The permit is awaited before the attempt's clock starts: waiting one's turn is not a slow attempt.
                pipeline.AddRateLimiter(permits);
                pipeline.AddTimeout(options.AttemptTimeout);
            });
        services.AddHttpClient(name).AddHttpMessageHandler<MarketplaceMetricsHandler>().AddHttpMessageHandler<BodyWithinAttemptHandler>();
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, MarketplaceOptions options, TimeProvider time)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException;
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // Waiting longer than we may is no retry: fail now and let the next check come back.
            return ServerDelay(response, time) is not { } wait || wait <= options.MaxServerDelay;
        }

        return status is 408 or >= 500;
    }
}
