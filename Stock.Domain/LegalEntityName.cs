namespace Stock.Domain;

/// <summary>The display name of a seller's company, such as <c>ООО Амодекор</c>: not blank, at most 200 characters.</summary>
public sealed record LegalEntityName
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 200;

    private LegalEntityName(string value) => Value = value;

    /// <summary>The trimmed name.</summary>
    public string Value { get; }

    /// <summary>Validates and trims <paramref name="value"/>.</summary>
    /// <exception cref="DomainException">The name is missing, blank or longer than <see cref="MaxLength"/>.</exception>
    public static LegalEntityName From(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new DomainException("Legal entity name is missing or blank.");
        }

        if (trimmed.Length > MaxLength)
        {
            throw new DomainException($"Legal entity name is {trimmed.Length} characters long; at most {MaxLength} are allowed.");
        }

        return new LegalEntityName(trimmed);
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
