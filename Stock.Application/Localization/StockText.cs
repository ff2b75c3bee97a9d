using System.Globalization;
using System.Resources;
using Stock.Domain;
using Stock.Domain.Products;

namespace Stock.Application.Localization;

/// <summary>
/// What a person reads, in one culture (docs/localization.md): texts from <c>.resx</c> resources (a host's own first,
/// then the report's), numbers, dates and plural forms formatted for that culture. The culture is always given, never
/// read from the thread: errors, logs and machine output (JSON, CSV, events) stay invariant whatever is shown to people.
/// </summary>
public sealed class StockText
{
    private readonly ResourceManager[] _resources;

    /// <summary>Texts in <paramref name="culture"/>, looked up in <paramref name="resources"/> in order, then in the report's.</summary>
    /// <param name="culture">One of <see cref="Cultures"/>.</param>
    /// <param name="resources">A host's own resources, if any; the report's texts are always there.</param>
    public StockText(CultureInfo culture, params ResourceManager[] resources)
    {
        ArgumentNullException.ThrowIfNull(culture);
        ArgumentNullException.ThrowIfNull(resources);
        Culture = culture;
        _resources = [.. resources, ReportTexts.ResourceManager];
    }

    /// <summary>The cultures Stock speaks: Russian, the language of its users and its default, and English.</summary>
    public static IReadOnlyList<CultureInfo> Cultures { get; } = [CultureInfo.GetCultureInfo("ru-RU"), CultureInfo.GetCultureInfo("en-US")];

    /// <summary>Russian: the default when neither <c>Stock:Culture</c> nor the process's locale names a culture Stock speaks.</summary>
    public static CultureInfo DefaultCulture => Cultures[0];

    /// <summary>The culture of the texts, numbers and dates.</summary>
    public CultureInfo Culture { get; }

    /// <summary>The text named <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">No resource has it: a text missing from the resources is a bug.</exception>
    public string this[string name] => Find(name) ?? throw new InvalidOperationException($"No text named '{name}' in {string.Join(", ", _resources.Select(r => r.BaseName))}.");

    /// <summary>
    /// Chooses the culture: <paramref name="setting"/> (<c>Stock:Culture</c>) when given, else the first of
    /// <paramref name="locales"/> (<c>LC_ALL</c>, <c>LC_MESSAGES</c>, <c>LANG</c>: <c>ru_RU.UTF-8</c>) whose language
    /// Stock speaks, else <see cref="DefaultCulture"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="setting"/> names no culture Stock speaks.</exception>
    public static CultureInfo ChooseCulture(string? setting, params string?[] locales)
    {
        ArgumentNullException.ThrowIfNull(locales);
        if (!string.IsNullOrWhiteSpace(setting))
        {
            return Speaks(setting) ?? throw new ArgumentException(
                $"setting Stock:Culture '{setting}' is not a culture Stock speaks: use {string.Join(" or ", Cultures.Select(c => c.Name))}.");
        }

        foreach (var locale in locales)
        {
            // POSIX names a locale language_TERRITORY.codeset@modifier; "C" and "POSIX" name none.
            var name = locale?.Split('.', '@')[0].Replace('_', '-');
            if (!string.IsNullOrEmpty(name) && name is not ("C" or "POSIX"))
            {
                return Speaks(name) ?? DefaultCulture;
            }
        }

        return DefaultCulture;
    }

    /// <summary>The text named <paramref name="name"/> with <paramref name="args"/> formatted in the culture.</summary>
    public string Format(string name, params object?[] args) => string.Format(Culture, this[name], args);

    /// <summary>
    /// The plural form of the text named <paramref name="name"/> that goes with <paramref name="count"/>, which fills its
    /// <c>{0}</c>. The text holds the forms separated by <c>|</c> in the order of the language's plural categories
    /// (CLDR): English <c>one|other</c>, Russian <c>one|few|many</c> ("1 день|2 дня|5 дней").
    /// </summary>
    public string Count(string name, long count) => string.Format(Culture, Form(this[name], Plural(count)), Number(count));

    /// <summary>The plural form for a fractional <paramref name="count"/> shown with <paramref name="decimals"/> decimals ("1,5 дня").</summary>
    public string Count(string name, double count, int decimals)
    {
        var rounded = Math.Round(count, decimals);
        var category = rounded == Math.Floor(rounded) && decimals == 0 ? Plural((long)rounded) : PluralCategory.Fraction;
        return string.Format(Culture, Form(this[name], category), Number(rounded, decimals));
    }

    /// <summary>A whole number with the culture's digit grouping: <c>1 234</c>, <c>1,234</c>.</summary>
    public string Number(long value) => value.ToString("N0", Culture);

    /// <summary>A number with <paramref name="decimals"/> decimals: <c>1 234,5</c>, <c>1,234.5</c>.</summary>
    public string Number(double value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture);

    /// <summary>A date in the culture's short form: <c>05.12.2026</c>, <c>12/5/2026</c>.</summary>
    public string Date(DateOnly date) => date.ToString("d", Culture);

    /// <summary>The heading of a column of the report.</summary>
    public string Column(ReportColumn column) => column == ReportColumn.Chart
        ? Format(nameof(ReportTexts.Column_Chart), Count(nameof(ReportTexts.Count_Days), Commands.StockReport.ChartDays))
        : this["Column_" + column.ToString()];

    /// <summary>A number of products, in its plural form: "22 товара", "22 products".</summary>
    public string Products(long count) => Count(nameof(ReportTexts.Count_Products), count);

    /// <summary>A number of days, in its plural form: "5 дней", "5 days".</summary>
    public string Days(long count) => Count(nameof(ReportTexts.Count_Days), count);

    /// <summary>Days of cover with one decimal, or ∞ for a product that sells nothing (<paramref name="days"/> null).</summary>
    public string DaysOfCover(double? days) => days is { } value ? Number(value, 1) : this[nameof(ReportTexts.Cell_NeverRunsOut)];

    /// <summary>The low-on-stock band last alerted and its date ("мало ×6, 05.12.2026"); empty when none is remembered.</summary>
    public string LastAlert(string? band, DateOnly? on) =>
        band is not null && on is { } date ? Format(nameof(ReportTexts.Cell_LastAlert), Band(band), Date(date)) : "";

    /// <summary>A status as people call it; "unclassified" for a product not classified yet.</summary>
    public string Status(ProductStatus? status) => this[status is { } s ? "Status_" + s.ToWire() : "Status_none"];

    /// <summary>An alert type (<c>LowOnStock</c>) as people call it; its wire name when no resource names it (a type added without one).</summary>
    public string Alert(string eventType) => Find("Alert_" + eventType) ?? eventType;

    /// <summary>A low-on-stock band (<c>sent_6</c>) as people call it.</summary>
    public string Band(string band) => Find("Band_" + band) ?? band;

    /// <summary>A marketplace as its column shows it; its code when no resource names it.</summary>
    public string Marketplace(Marketplace marketplace) => Find("Marketplace_" + marketplace.Code) ?? marketplace.Code;

    private string? Find(string name)
    {
        foreach (var resources in _resources)
        {
            if (resources.GetString(name, Culture) is { } text)
            {
                return text;
            }
        }

        return null;
    }

    private static CultureInfo? Speaks(string name)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(name.Trim());
            return Cultures.FirstOrDefault(c => c.TwoLetterISOLanguageName == culture.TwoLetterISOLanguageName);
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }

    private PluralCategory Plural(long count)
    {
        var n = Math.Abs(count);
        if (Culture.TwoLetterISOLanguageName != "ru")
        {
            return n == 1 ? PluralCategory.One : PluralCategory.Other;
        }

        return (n % 10, n % 100) switch
        {
            (1, not 11) => PluralCategory.One,
            (>= 2 and <= 4, not (>= 12 and <= 14)) => PluralCategory.Few,
            _ => PluralCategory.Many,
        };
    }

    // English: one|other. Russian: one|few|many, and a fraction takes few's form ("1,5 дня", CLDR's "other").
    private static string Form(string forms, PluralCategory category)
    {
        var all = forms.Split('|');
        var index = all.Length switch
        {
            1 => 0,
            2 => category == PluralCategory.One ? 0 : 1,
            _ => category switch
            {
                PluralCategory.One => 0,
                PluralCategory.Few or PluralCategory.Fraction => 1,
                _ => 2,
            },
        };
        return all[Math.Min(index, all.Length - 1)];
    }

    private enum PluralCategory
    {
        One,
        Few,
        Many,
        Other,
        Fraction,
    }
}
