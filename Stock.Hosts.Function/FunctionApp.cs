using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Stock.Hosts.Function;

/// <summary>Settings of the HTTP function, bound from <c>Stock:Function</c>.</summary>
public sealed class FunctionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Stock:Function";

    /// <summary>When set, requests must carry <c>Authorization: Bearer &lt;key&gt;</c>. Leave empty behind Cloud Run IAM (OIDC).</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>
    /// How long one check may run (55 minutes, under Cloud Run's 60-minute request limit). The check is bound to this,
    /// not to the caller's connection: a caller that disconnects does not stop it.
    /// </summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromMinutes(55);
}

/// <summary>
/// The HTTP function (docs/contracts.md) as a minimal ASP.NET Core app on <c>$PORT</c>: the Cloud Run and Cloud
/// Functions gen2 container contract. Composition only: Stock comes from <c>AddStock</c>.
/// </summary>
public static class FunctionApp
{
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var port = builder.Configuration["PORT"] is { Length: > 0 } p ? p : "8080";
        builder.WebHost.UseUrls($"http://{builder.Configuration["HOST"] ?? "0.0.0.0"}:{port}");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // A long legal_entity must reach the endpoint and get its 400 JSON, not Kestrel's bodiless 414.
            kestrel.Limits.MaxRequestLineSize = 64 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 96 * 1024;
        });
        builder.AddStockHost();
        builder.Services.AddOptions<FunctionOptions>().Bind(builder.Configuration.GetSection(FunctionOptions.SectionName));
        builder.Services.AddSingleton<SchemaStartup>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SchemaStartup>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(SchemaStartup.Name, services => services.GetRequiredService<SchemaStartup>(), HealthStatus.Unhealthy, null));
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler(error => error.Run(context => WriteError(context, StatusCodes.Status500InternalServerError, "internal error; see the logs")));
        app.UseStatusCodePages(context => WriteError(context.HttpContext, context.HttpContext.Response.StatusCode, null));
        app.MapGet("/healthz/live", () => Results.Json(new { status = "ok" }));
        app.MapGet("/healthz/ready", Readiness.HandleAsync);
        app.MapGet("/healthz", Readiness.HandleAsync);
        app.MapMethods("/", ["GET", "POST"], CheckEndpoint.HandleAsync)
            .AddEndpointFilter(async (context, next) =>
            {
                if (Authorized(context.HttpContext))
                {
                    return await next(context);
                }

                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Json(new { status = "error", error = "missing or wrong Authorization: Bearer key" }, statusCode: StatusCodes.Status401Unauthorized);
            });
        return app;
    }

    /// <summary>Whether the request carries the function's key, or the function has none (Cloud Run IAM guards it).</summary>
    internal static bool Authorized(HttpContext context) => Authorized(
        context.Request.Headers.Authorization.ToString(),
        context.RequestServices.GetRequiredService<IOptions<FunctionOptions>>().Value.ApiKey);

    /// <summary>Whether <paramref name="header"/> is <c>Bearer &lt;key&gt;</c> (the scheme in any case), compared in constant time.</summary>
    internal static bool Authorized(string header, string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return true;
        }

        var parts = header.Trim().Split(' ', 2, StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && string.Equals(parts[0], "Bearer", StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(parts[1]), Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Every error status carries the JSON body of its contract (docs/contracts.md), whatever produced it.</summary>
    private static Task WriteError(HttpContext context, int status, string? error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new
        {
            status = "error",
            error = error ?? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status).ToLowerInvariant(),
        });
    }
}

/// <summary>
/// <c>GET /healthz/ready</c> (and <c>/healthz</c>): 200 when the database (its schema migrated), Redis (if configured)
/// and Pub/Sub (if configured) answer, else 503; the body names each dependency and its state. With an API key set,
/// the details (where the database, Redis and Pub/Sub are, and what they answered) go only to a caller that gives it.
/// </summary>
internal static class Readiness
{
    public static async Task<IResult> HandleAsync(HttpContext context, HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var ready = report.Status == HealthStatus.Healthy;
        var details = FunctionApp.Authorized(context);
        return Results.Json(
            new
            {
                status = ready ? "ok" : "error",
                dependencies = report.Entries.ToDictionary(
                    e => e.Key,
                    e => new { status = e.Value.Status == HealthStatus.Healthy ? "ok" : "error", detail = details ? e.Value.Description : null }),
            },
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
