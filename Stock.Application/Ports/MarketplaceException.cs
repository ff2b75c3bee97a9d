using Stock.Domain;

namespace Stock.Application.Ports;

/// <summary>Why a marketplace call failed.</summary>
public enum MarketplaceFailure
{
    /// <summary>The key was refused (401 or 403).</summary>
    Unauthorized = 1,

    /// <summary>The request was refused as wrong (400, 404, other 4xx): not retried.</summary>
    Rejected = 2,

    /// <summary>Too many requests (429), still after waiting what the marketplace said.</summary>
    RateLimited = 3,

    /// <summary>The marketplace failed (5xx, 408, a timeout or a network error), still after retries.</summary>
    Unavailable = 4,

    /// <summary>The answer could not be read: malformed or truncated JSON, or a shape that breaks the contract.</summary>
    MalformedResponse = 5,
}

/// <summary>
/// A marketplace call failed. The message names the marketplace, the endpoint and the status; never the key.
/// </summary>
public sealed class MarketplaceException : Exception
{
    /// <summary>Creates the exception; the message is built from the parts and never holds a secret.</summary>
    public MarketplaceException(Marketplace marketplace, string endpoint, MarketplaceFailure failure, int? statusCode, string detail, Exception? innerException = null)
        : base(Describe(marketplace, endpoint, failure, statusCode, detail), innerException)
    {
        Marketplace = marketplace;
        Endpoint = endpoint;
        Failure = failure;
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public MarketplaceException()
        : this(default, "unknown", MarketplaceFailure.Unavailable, null, "The marketplace failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MarketplaceException(string message)
        : base(message)
    {
        Endpoint = "unknown";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public MarketplaceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Endpoint = "unknown";
    }

    /// <summary>The marketplace that failed.</summary>
    public Marketplace Marketplace { get; }

    /// <summary>The endpoint, as a method and path without query or host (e.g. <c>POST /v3/product/list</c>).</summary>
    public string Endpoint { get; }

    /// <summary>Why it failed.</summary>
    public MarketplaceFailure Failure { get; }

    /// <summary>The HTTP status, when there was one.</summary>
    public int? StatusCode { get; }

    private static string Describe(Marketplace marketplace, string endpoint, MarketplaceFailure failure, int? statusCode, string detail)
    {
        var name = marketplace.Code.Length > 0 ? marketplace.Code : "marketplace";
        var status = statusCode is { } code ? $" (HTTP {code})" : string.Empty;
        return $"{name} {endpoint}: {failure}{status}: {detail}";
    }
}
