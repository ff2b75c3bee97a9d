namespace Stock.Application.Ports;

/// <summary>
/// A service Stock depends on (the database, Redis, Pub/Sub) did not answer or failed. The message names the service
/// and what failed, in one line, and never holds a password or a key. Hosts map it to exit code 1 or HTTP 503.
/// </summary>
public sealed class ServiceUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="service">The service: <c>database</c>, <c>Redis</c> or <c>Pub/Sub</c>.</param>
    /// <param name="message">What failed, naming the service.</param>
    /// <param name="innerException">The cause.</param>
    public ServiceUnavailableException(string service, string message, Exception? innerException = null)
        : base(message, innerException) => Service = service;

    /// <summary>Creates the exception with a generic message.</summary>
    public ServiceUnavailableException()
        : base("A service Stock depends on is unavailable.") => Service = "unknown";

    /// <summary>Creates the exception.</summary>
    public ServiceUnavailableException(string message)
        : base(message) => Service = "unknown";

    /// <summary>Creates the exception.</summary>
    public ServiceUnavailableException(string message, Exception innerException)
        : base(message, innerException) => Service = "unknown";

    /// <summary>The service that failed: <c>database</c>, <c>Redis</c> or <c>Pub/Sub</c>.</summary>
    public string Service { get; }
}
