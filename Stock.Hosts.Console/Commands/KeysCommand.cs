using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Commands;
using Stock.Application.Localization;
using Stock.Application.Marketplaces;
using Stock.Application.Messaging;
using Stock.Hosts.Console.Localization;

namespace Stock.Hosts.Console.Commands;

/// <summary><c>stock keys set ...</c> and <c>stock keys list</c>. A token is never echoed.</summary>
internal static class KeysCommand
{
    public static Command Create(CliContext context)
    {
        var legalEntity = CliOptions.LegalEntity();
        var marketplace = CliOptions.Marketplace(required: true);
        var token = new Option<string?>("--token") { Description = "The Wildberries token (for --marketplace wb)." };
        var clientId = new Option<string?>("--client-id") { Description = "The Ozon Client-Id (for --marketplace ozon)." };
        var apiKey = new Option<string?>("--api-key") { Description = "The Ozon Api-Key (for --marketplace ozon)." };

        var set = new Command("set", "Store a legal entity's marketplace key, creating the legal entity if it is new.") { legalEntity, marketplace, token, clientId, apiKey };
        set.SetAction((parse, cancellationToken) => StockCli.ExecuteAsync(context, async services =>
        {
            await Migrations.EnsureAsync(services, cancellationToken);
            var command = new SetMarketplaceKey(parse.GetValue(legalEntity)!, parse.GetValue(marketplace)!, parse.GetValue(token), parse.GetValue(clientId), parse.GetValue(apiKey));
            var entity = await services.GetRequiredService<IMessageBus>().SendAsync(command, cancellationToken);
            var mp = services.GetRequiredService<MarketplaceRegistry>().Parse(command.Marketplace);
            await context.Output.WriteLineAsync(context.Text.Format(nameof(ConsoleTexts.Keys_Stored), entity.Name, context.Text.Marketplace(mp), entity.Keys[mp]));
            return StockCli.Ok;
        }));

        var list = new Command("list", "List the legal entities and which marketplaces have keys (masked).");
        list.SetAction((_, cancellationToken) => StockCli.ExecuteAsync(context, async services =>
        {
            await Migrations.EnsureAsync(services, cancellationToken);
            var entities = await services.GetRequiredService<IMessageBus>().SendAsync(new ListLegalEntities(), cancellationToken);
            var text = context.Text;
            var table = new TextTable(
                text,
                text[nameof(ConsoleTexts.Column_LegalEntity)], text.Column(ReportColumn.Marketplace), text[nameof(ConsoleTexts.Column_Key)],
                text[nameof(ConsoleTexts.Column_Expires)], text[nameof(ConsoleTexts.Column_LastSuccess)], text[nameof(ConsoleTexts.Column_LastFailure)]);
            foreach (var entity in entities)
            {
                foreach (var key in entity.Accounts)
                {
                    table.Add(entity.Name, text.Marketplace(key.Marketplace), key.Masked, key.ExpiresAt is { } expires ? text.Date(DateOnly.FromDateTime(expires.UtcDateTime)) : "", Moment(text, key.LastSuccessAt),
                        key.LastFailureAt is { } failed ? $"{Moment(text, failed)}: {Shorten(key.LastFailure ?? "", 60)}" : "");
                }
            }

            await table.WriteAsync(context.Output);
            return StockCli.Ok;
        }));

        var rotate = new Command("rotate-encryption", "Re-encrypt every stored key under the current encryption key (Stock:Secrets:Key); the previous keys go in Stock:Secrets:PreviousKeys until this ran.");
        rotate.SetAction((_, cancellationToken) => StockCli.ExecuteAsync(context, async services =>
        {
            await Migrations.EnsureAsync(services, cancellationToken);
            var rewritten = await services.GetRequiredService<IMessageBus>().SendAsync(new RotateKeyEncryption(), cancellationToken);
            await context.Output.WriteLineAsync(context.Text.Format(nameof(ConsoleTexts.Keys_Rotated), rewritten));
            return StockCli.Ok;
        }));

        return new Command("keys", "Manage marketplace keys.") { set, list, rotate };
    }

    // A moment in UTC, in the culture's short date and time: 05.12.2026 14:30 UTC.
    private static string Moment(StockText text, DateTimeOffset? at) =>
        at is { } moment ? text.Format(nameof(ConsoleTexts.Moment_Utc), moment.UtcDateTime.ToString("g", text.Culture)) : "";

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
