using System.CommandLine;

namespace Stock.Hosts.Console.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CliOptions
{
    public static Option<string> LegalEntity(bool required = true) => new("--legal-entity")
    {
        Description = "The legal entity's name, e.g. \"ООО Амодекор\".",
        Required = required,
    };

    public static Option<string?> Marketplace(bool required) => new Option<string?>("--marketplace")
    {
        Description = "wb or ozon.",
        Required = required,
    };
}
