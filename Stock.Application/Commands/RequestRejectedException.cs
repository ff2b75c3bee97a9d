namespace Stock.Application.Commands;

/// <summary>Why a request (a check, a key to store, a report, a shard) was refused before it touched anything.</summary>
public enum RequestRejection
{
    /// <summary>The request is malformed: a missing, blank or over-long name, or an unknown marketplace.</summary>
    InvalidInput = 1,

    /// <summary>No legal entity has that name.</summary>
    UnknownLegalEntity = 2,

    /// <summary>The legal entity has no key for the marketplace asked for, or none at all.</summary>
    MissingKey = 3,

    /// <summary>A check of the same legal entity is running.</summary>
    AlreadyRunning = 4,

    /// <summary>A stored key of the legal entity cannot be decrypted with the configured encryption keys.</summary>
    UnreadableKey = 5,
}

/// <summary>A request was refused; the message says why in one line, and the hosts map <see cref="Reason"/> to a status or exit code.</summary>
public sealed class RequestRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RequestRejectedException(RequestRejection reason, string message)
        : base(message) => Reason = reason;

    /// <summary>Creates the exception with a generic reason.</summary>
    public RequestRejectedException()
        : this(RequestRejection.InvalidInput, "The request was refused.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RequestRejectedException(string message)
        : this(RequestRejection.InvalidInput, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RequestRejectedException(string message, Exception innerException)
        : base(message, innerException) => Reason = RequestRejection.InvalidInput;

    /// <summary>Why the request was refused.</summary>
    public RequestRejection Reason { get; }
}
