using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Stock.Simulation;

/// <summary>The error answers of each marketplace, exactly as documented (reference sections 1.2, 1.8 g, 2.2, 2.8 k).</summary>
internal static class Faults
{
    public static Task WriteAsync(HttpContext context, string host, SimulatedFault fault, int retryAfterSeconds, TimeProvider time)
    {
        var ozon = host == "ozon";
        return fault switch
        {
            SimulatedFault.RateLimited when ozon => RateLimitedOzon(context, retryAfterSeconds),
            SimulatedFault.RateLimited => RateLimitedWb(context, retryAfterSeconds, time),
            SimulatedFault.ServerError when ozon => OzonError(context, 500, 13, "internal error"),
            SimulatedFault.ServerError => WbProblem(context, 500, "internal server error", "internal server error", time),
            SimulatedFault.Unauthorized when ozon => OzonError(context, 401, 16, "Client-Id and Api-Key headers are required"),
            SimulatedFault.Unauthorized => WbProblem(context, 401, "unauthorized", "token problem; token is malformed: could not parse token", time),
            SimulatedFault.EchoesKey when ozon => OzonError(context, 400, 3, EchoOf(context.Request.Headers["Api-Key"].ToString())),
            SimulatedFault.EchoesKey => WbProblem(context, 400, "bad request", EchoOf(context.Request.Headers.Authorization.ToString()), time),
            SimulatedFault.MalformedJson => Raw(context, 200, "<html><body>Bad Gateway</body></html>"),
            SimulatedFault.TruncatedJson => Raw(context, 200, ozon ? "{\"result\":{\"items\":[{\"product_id\":9000" : "{\"cards\":[{\"nmID\":2111"),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
        };
    }

    /// <summary>
    /// A badly behaved gateway's message that quotes the key it was sent: first near character 500 (where a cut
    /// of the text lands), then again upper-cased.
    /// </summary>
    private static string EchoOf(string key) =>
        "request rejected by the gateway; " + new string('x', 420) + " credentials received: " + key + " (normalized: " + key.ToUpperInvariant() + ")";

    public static Task WbProblem(HttpContext context, int status, string title, string detail, TimeProvider time)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new
            {
                title,
                detail,
                code = "sim-" + status.ToString(CultureInfo.InvariantCulture),
                requestId = Guid.NewGuid().ToString("N"),
                origin = "s2s-api-auth-catalog",
                status,
                statusText = ReasonPhrases(status),
                timestamp = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            },
            SimulatedMarketplaces.Json);
    }

    public static Task OzonError(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { code, message, details = Array.Empty<object>() }, SimulatedMarketplaces.Json);
    }

    /// <summary>Headers now, then <c>{</c> and a space every <paramref name="every"/> until the client gives up.</summary>
    public static async Task DripAsync(HttpContext context, TimeSpan every, TimeProvider time)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.WriteAsync("{"u8.ToArray(), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        while (true)
        {
            await Task.Delay(every, time, context.RequestAborted);
            await context.Response.Body.WriteAsync(" "u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    public static Task Raw(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }

    private static Task RateLimitedWb(HttpContext context, int retryAfterSeconds, TimeProvider time)
    {
        var seconds = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Ratelimit-Retry"] = seconds;
        context.Response.Headers["X-Ratelimit-Limit"] = "1";
        context.Response.Headers["X-Ratelimit-Reset"] = seconds;
        return WbProblem(context, 429, "too many requests", "limited by 00000000-0000-0000-0000-000000000000", time);
    }

    private static Task RateLimitedOzon(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return OzonError(context, 429, 8, "You have reached request rate limit per second");
    }

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
