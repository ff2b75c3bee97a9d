namespace Stock.Domain;

/// <summary>A rule of the domain was broken by the input; the message names what is wrong.</summary>
public sealed class DomainException : Exception
{
    /// <summary>Creates the exception with a message that names what is wrong.</summary>
    public DomainException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public DomainException()
        : base("A domain rule was broken.")
    {
    }
}
