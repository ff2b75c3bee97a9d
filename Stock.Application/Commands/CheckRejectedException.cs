namespace Stock.Application.Commands;

/// <summary>Why a check was refused before it touched a marketplace.</summary>
public enum CheckRejection
{
    /// <summary>The request is malformed: a missing, blank or over-long name, or an unknown marketplace.</summary>
    InvalidInput = 1,

    /// <summary>No legal entity has that name.</summary>
    UnknownLegalEntity = 2,

    /// <summary>The legal entity has no key for the marketplace asked for, or none at all.</summary>
    MissingKey = 3,

    /// <summary>A check of the same legal entity is running.</summary>
    AlreadyRunning = 4,
}

/// <summary>A check was refused; the message says why in one line, and the hosts map <see cref="Reason"/> to a status or exit code.</summary>
public sealed class CheckRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckRejectedException(CheckRejection reason, string message)
        : base(message) => Reason = reason;

    /// <summary>Creates the exception with a generic reason.</summary>
    public CheckRejectedException()
        : this(CheckRejection.InvalidInput, "The check was refused.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CheckRejectedException(string message)
        : this(CheckRejection.InvalidInput, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CheckRejectedException(string message, Exception innerException)
        : base(message, innerException) => Reason = CheckRejection.InvalidInput;

    /// <summary>Why the check was refused.</summary>
    public CheckRejection Reason { get; }
}
