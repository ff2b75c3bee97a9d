using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Commands;
using Stock.Application.Marketplaces;
using Stock.Application.Messaging;
using Stock.Domain;

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
            await context.Output.WriteLineAsync($"{entity.Name}: {mp.ToWire()} key stored ({entity.Keys[mp]})");
            return StockCli.Ok;
        }));

        var list = new Command("list", "List the legal entities and which marketplaces have keys (masked).");
        list.SetAction((_, cancellationToken) => StockCli.ExecuteAsync(context, async services =>
        {
            await Migrations.EnsureAsync(services, cancellationToken);
            var entities = await services.GetRequiredService<IMessageBus>().SendAsync(new ListLegalEntities(), cancellationToken);
            var table = new TextTable("legal entity", "mp", "key", "expires", "last success", "last failure");
            foreach (var entity in entities)
            {
                foreach (var key in entity.Accounts)
                {
                    table.Add(entity.Name, key.Marketplace.ToWire(), key.Masked, Day(key.ExpiresAt), Moment(key.LastSuccessAt),
                        key.LastFailureAt is { } failed ? $"{Moment(failed)}: {Shorten(key.LastFailure ?? "", 60)}" : "");
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
            await context.Output.WriteLineAsync($"keys: {rewritten} re-encrypted under the current encryption key");
            return StockCli.Ok;
        }));

        return new Command("keys", "Manage marketplace keys.") { set, list, rotate };
    }

    private static string Day(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static string Moment(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
