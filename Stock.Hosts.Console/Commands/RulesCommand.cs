using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Commands;
using Stock.Application.Localization;
using Stock.Application.Messaging;
using Stock.Hosts.Console.Localization;

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
            await context.Output.WriteLineAsync(context.Text.Format(nameof(ConsoleTexts.Rules_Stored), rule.LegalEntity, rule.Sku, Describe(context.Text, rule)));
            return StockCli.Ok;
        }));

        var listEntity = new Option<string?>("--legal-entity") { Description = "Only this legal entity." };
        var list = new Command("list", "List the products with supply settings of their own.") { listEntity };
        list.SetAction((parse, cancellationToken) => StockCli.ExecuteAsync(context, async services =>
        {
            await Migrations.EnsureAsync(services, cancellationToken);
            var rules = await services.GetRequiredService<IMessageBus>().SendAsync(new ListSupplyRules(parse.GetValue(listEntity)), cancellationToken);
            var text = context.Text;
            var table = new TextTable(
                text,
                text[nameof(ConsoleTexts.Column_LegalEntity)], text.Column(ReportColumn.Marketplace), text.Column(ReportColumn.Sku), text[nameof(ConsoleTexts.Column_ShipLeadDays)],
                text[nameof(ConsoleTexts.Column_ReorderLeadDays)], text[nameof(ConsoleTexts.Column_Pack)], text[nameof(ConsoleTexts.Column_SupplyAlerts)]);
            foreach (var rule in rules)
            {
                table.Add(rule.LegalEntity, text.Marketplace(rule.Sku.Marketplace), rule.Sku.Id, Number(text, rule.Settings.ShipLeadTimeDays), Number(text, rule.Settings.ReorderLeadTimeDays),
                    Number(text, rule.Settings.PackSize), OnOff(text, rule.Settings.Off));
            }

            await table.WriteAsync(context.Output);
            return StockCli.Ok;
        }));

        return new Command("rules", "A product's own supply settings: lead times, pack size, off.") { set, list };
    }

    private static string Number(StockText text, int? value) => value is { } set ? text.Number(set) : text[nameof(ConsoleTexts.Rules_Default)];

    private static string OnOff(StockText text, bool off) => text[off ? nameof(ConsoleTexts.Rules_Off) : nameof(ConsoleTexts.Rules_On)];

    private static string Describe(StockText text, SupplyOverride rule)
    {
        string Set(string form, int? value) => value is { } set ? text.Format(form, text.Number(set)) : text[nameof(ConsoleTexts.Rules_Default)];
        return text.Format(
            nameof(ConsoleTexts.Rules_Describe),
            Set(nameof(ConsoleTexts.Rules_Days), rule.Settings.ShipLeadTimeDays),
            Set(nameof(ConsoleTexts.Rules_Days), rule.Settings.ReorderLeadTimeDays),
            Set(nameof(ConsoleTexts.Rules_Pack), rule.Settings.PackSize),
            OnOff(text, rule.Settings.Off));
    }
}
