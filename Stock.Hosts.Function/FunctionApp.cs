using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Stock.Infrastructure.Persistence;

namespace Stock.Hosts.Function;

/// <summary>Settings of the HTTP function, bound from <c>Stock:Function</c>.</summary>
public sealed class FunctionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Stock:Function";

    /// <summary>When set, requests must carry <c>Authorization: Bearer &lt;key&gt;</c>. Leave empty behind Cloud Run IAM (OIDC).</summary>
    public string ApiKey { get; set; } = string.Empty;
}

/// <summary>
/// The HTTP function (CONTRACTS.md section 3) as a minimal ASP.NET Core app on <c>$PORT</c>: the Cloud Run and Cloud
/// Functions gen2 container contract. Composition only: Stock comes from <c>AddStock</c>.
/// </summary>
public static class FunctionApp
{
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var port = builder.Configuration["PORT"] is { Length: > 0 } p ? p : "8080";
        builder.WebHost.UseUrls($"http://{builder.Configuration["HOST"] ?? "0.0.0.0"}:{port}");
        builder.Services.AddStock(builder.Configuration);
        builder.Services.AddOptions<FunctionOptions>().Bind(builder.Configuration.GetSection(FunctionOptions.SectionName));
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapGet("/healthz", async (IStockDatabase database, CancellationToken cancellationToken) =>
            await database.CanConnectAsync(cancellationToken)
                ? Results.Ok(new { status = "ok" })
                : Results.Json(new { status = "error", error = "the database does not answer" }, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapMethods("/", ["GET", "POST"], CheckEndpoint.HandleAsync)
            .AddEndpointFilter(async (context, next) =>
            {
                var key = context.HttpContext.RequestServices.GetRequiredService<IOptions<FunctionOptions>>().Value.ApiKey;
                var sent = Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers.Authorization.ToString());
                return string.IsNullOrEmpty(key) || CryptographicOperations.FixedTimeEquals(sent, Encoding.UTF8.GetBytes("Bearer " + key))
                    ? await next(context)
                    : Results.Json(new { status = "error", error = "missing or wrong Authorization: Bearer key" }, statusCode: StatusCodes.Status401Unauthorized);
            });
        return app;
    }
}
