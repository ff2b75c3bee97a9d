using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Commands;
using Stock.Application.Messaging;
using Stock.Domain;

namespace Stock.Hosts.Console.Commands;

/// <summary><c>stock rules set ...</c> and <c>stock rules list</c>: a product's own supply settings (docs/forecast.md).</summary>
internal static class RulesCommand
{
    public static Command Create(CliContext context)
    {
        var legalEntity = CliOptions.LegalEntity();
        var marketplace = CliOptions.Marketplace(required: true);
        var sku = new Option<string>("--sku") { Description = "The product's marketplace id (WB nmID, Ozon sku).", Required = true };
        var shipLead = new Option<int?>("--ship-lead-days") { Description = "Days from shipping a supply to its being on sale on the marketplace's warehouses." };
        var reorderLead = new Option<int?>("--reorder-lead-days") { Description = "Days from ordering goods to their arrival." };
        var pack = new Option<int?>("--pack") { Description = "The units it is supplied in: a recommended supply is rounded up to it." };
        var off = new Option<bool>("--off") { Description = "Turn the supply alerts off for this product." };
        var on = new Option<bool>("--on") { Description = "Turn them on again." };
        var clear = new Option<bool>("--clear") { Description = "Forget its settings first: the defaults (Stock:Supply) apply." };

        var set = new Command("set", "Set a product's own supply settings; the parts not given stay as they are.") { legalEntity, marketplace, sku, shipLead, reorderLead, pack, off, on, clear };
        set.Validators.Add(result =>
        {
            if (result.GetValue(off) && result.GetValue(on))
            {
                result.AddError("give --off or --on, not both.");
            }
        });
        set.SetAction((parse, cancellationToken) => StockCli.ExecuteAsync(context, async services =>
        {
            await Migrations.EnsureAsync(services, cancellationToken);
            var command = new SetSupplyRule(
                parse.GetValue(legalEntity)!,
                parse.GetValue(marketplace)!,
                parse.GetValue(sku)!,
                parse.GetValue(shipLead),
                parse.GetValue(reorderLead),
                parse.GetValue(pack),
                parse.GetValue(off) ? true : parse.GetValue(on) ? false : null,
                parse.GetValue(clear));
            var rule = await services.GetRequiredService<IMessageBus>().SendAsync(command, cancellationToken);
            await context.Output.WriteLineAsync($"{rule.LegalEntity}: {rule.Sku} supply settings stored ({Describe(rule)})");
            return StockCli.Ok;
        }));

        var listEntity = new Option<string?>("--legal-entity") { Description = "Only this legal entity." };
        var list = new Command("list", "List the products with supply settings of their own.") { listEntity };
        list.SetAction((parse, cancellationToken) => StockCli.ExecuteAsync(context, async services =>
        {
            await Migrations.EnsureAsync(services, cancellationToken);
            var rules = await services.GetRequiredService<IMessageBus>().SendAsync(new ListSupplyRules(parse.GetValue(listEntity)), cancellationToken);
            var table = new TextTable("legal entity", "mp", "sku", "ship lead days", "reorder lead days", "pack", "supply alerts");
            foreach (var rule in rules)
            {
                table.Add(rule.LegalEntity, rule.Sku.Marketplace.ToWire(), rule.Sku.Id, Number(rule.Settings.ShipLeadTimeDays), Number(rule.Settings.ReorderLeadTimeDays),
                    Number(rule.Settings.PackSize), rule.Settings.Off ? "off" : "on");
            }

            await table.WriteAsync(context.Output);
            return StockCli.Ok;
        }));

        return new Command("rules", "A product's own supply settings: lead times, pack size, off.") { set, list };
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "default";

    private static string Describe(SupplyOverride rule) =>
        $"ship lead days {Number(rule.Settings.ShipLeadTimeDays)}, reorder lead days {Number(rule.Settings.ReorderLeadTimeDays)}, pack {Number(rule.Settings.PackSize)}, supply alerts {(rule.Settings.Off ? "off" : "on")}";
}
