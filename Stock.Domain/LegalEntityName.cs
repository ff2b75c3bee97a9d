namespace Stock.Domain;

/// <summary>
/// The display name of a seller's company, such as <c>ООО Амодекор</c>: not blank, at most 200 characters, and no
/// control or format characters (line breaks, tabs, escapes, direction overrides).
/// </summary>
public sealed record LegalEntityName
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 200;

    private LegalEntityName(string value) => Value = value;

    /// <summary>The trimmed name.</summary>
    public string Value { get; }

    /// <summary>Validates and trims <paramref name="value"/>.</summary>
    /// <exception cref="DomainException">The name is missing, blank, longer than <see cref="MaxLength"/>, or has a control character.</exception>
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

        // A name reaches terminals, logs, CSV and HTTP: no line breaks, escapes or direction overrides.
        if (trimmed.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator))
        {
            throw new DomainException("Legal entity name contains a control character (a line break, tab, escape or format character).");
        }

        return new LegalEntityName(trimmed);
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
