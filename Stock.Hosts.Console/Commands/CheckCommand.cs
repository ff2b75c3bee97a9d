using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Checks;
using Stock.Application.Commands;
using Stock.Application.Events;
using Stock.Application.Localization;
using Stock.Application.Marketplaces;
using Stock.Application.Messaging;
using Stock.Domain;
using Stock.Hosts.Console.Localization;

namespace Stock.Hosts.Console.Commands;

/// <summary>
/// <c>stock check --legal-entity &lt;name&gt; [--marketplace wb|ozon]</c>: one check, then the relay; a summary table.
/// <c>stock check --all [--shard i/n]</c>: every legal entity with a key, or one shard of them (also from a Cloud Run
/// job's <c>CLOUD_RUN_TASK_INDEX</c> / <c>CLOUD_RUN_TASK_COUNT</c>).
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var legalEntity = CliOptions.LegalEntity(required: false);
        var marketplace = CliOptions.Marketplace(required: false);
        var all = new Option<bool>("--all") { Description = "Check every legal entity that has a key (or one shard of them)." };
        var shard = new Option<string?>("--shard") { Description = "i/n: only shard i (from 0) of n; default from CLOUD_RUN_TASK_INDEX and CLOUD_RUN_TASK_COUNT." };
        var command = new Command("check", "Check the stock of one legal entity (or of all), then publish the alerts.") { legalEntity, marketplace, all, shard };
        command.Validators.Add(result =>
        {
            var one = result.GetValue(legalEntity) is not null;
            var every = result.GetValue(all);
            if (one == every)
            {
                result.AddError("give either --legal-entity <name> or --all.");
            }
            else if (!every && result.GetValue(shard) is not null)
            {
                result.AddError("--shard goes with --all.");
            }
        });
        command.SetAction((parse, cancellationToken) => parse.GetValue(all)
            ? CheckAllAsync(context, parse.GetValue(shard), cancellationToken)
            : StockCli.ExecuteAsync(
            context,
            async services =>
            {
                await Migrations.EnsureAsync(services, cancellationToken);
                var only = parse.GetValue(marketplace) is { } mp ? services.GetRequiredService<MarketplaceRegistry>().Parse(mp) : (Marketplace?)null;
                var report = await services.GetRequiredService<CheckPolicy>().CheckThenRelayAsync(new CheckStocks(parse.GetValue(legalEntity)!, only), cancellationToken);
                await Summary.WriteAsync(context.Output, report, context.Text);
                return await Summary.ExitCodeAsync(context.Error, report);
            },
            listeners: registry => Progress.Register(registry, context)));
        return command;
    }

    private static async Task<int> CheckAllAsync(CliContext context, string? shardText, CancellationToken cancellationToken)
    {
        if (Shard.Parse(shardText, context.Configuration) is not { } shard)
        {
            await context.Error.WriteLineAsync($"stock: --shard '{shardText}' is not i/n with 0 <= i < n (nor are CLOUD_RUN_TASK_INDEX and CLOUD_RUN_TASK_COUNT).");
            return StockCli.BadInput;
        }

        return await StockCli.ExecuteAsync(context, async services =>
        {
            await Migrations.EnsureAsync(services, cancellationToken);
            var report = await services.GetRequiredService<CheckPolicy>().CheckAllThenRelayAsync(shard.Index, shard.Count, cancellationToken);
            var text = context.Text;
            await context.Output.WriteLineAsync(text.Format(nameof(ConsoleTexts.Shard_Title), shard.Index, shard.Count, text.Count(nameof(ConsoleTexts.Count_LegalEntities), report.Checks.Count)));
            var table = new TextTable(text, [text[nameof(ConsoleTexts.Column_LegalEntity)], text[nameof(ConsoleTexts.Check_Result)], text[nameof(ConsoleTexts.Check_Products)], .. Summary.AlertColumns(text)]);
            foreach (var check in report.Checks)
            {
                var result = check.Skipped ? text[nameof(ConsoleTexts.Result_Skipped)] : Summary.Result(text, check.Succeeded);
                table.Add([check.LegalEntity, result, check.Report?.Products, .. Summary.AlertCells(check.Report?.Events)]);
            }

            await table.WriteAsync(context.Output);
            foreach (var failed in report.Checks.Where(c => !c.Succeeded))
            {
                var why = failed.Error ?? string.Join("; ", failed.Report!.Marketplaces.Where(m => !m.Succeeded).Select(m => m.Error));
                await context.Output.WriteLineAsync(text.Format(nameof(ConsoleTexts.Check_FailedLine), failed.LegalEntity, why));
            }

            await context.Output.WriteLineAsync(Summary.Relay(text, report.Relay));
            if (!report.Relay.Succeeded)
            {
                await context.Error.WriteLineAsync($"stock: {report.Relay!.PendingLine}");
                return StockCli.Failed;
            }

            var failures = report.Checks.Count(c => !c.Succeeded);
            if (failures > 0)
            {
                await context.Error.WriteLineAsync($"stock: {failures} of {report.Checks.Count} legal entities failed; what succeeded is stored");
                return StockCli.Failed;
            }

            return StockCli.Ok;
        });
    }
}

/// <summary>Which shard of a fan-out this task runs: <c>--shard i/n</c>, else a Cloud Run job task's index and count.</summary>
internal sealed record Shard(int Index, int Count)
{
    public static Shard? Parse(string? text, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        if (text is null)
        {
            var index = configuration["CLOUD_RUN_TASK_INDEX"];
            var count = configuration["CLOUD_RUN_TASK_COUNT"];
            text = string.IsNullOrEmpty(index) && string.IsNullOrEmpty(count) ? "0/1" : $"{index}/{count}";
        }

        var parts = text.Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n >= 1 && i < n
            ? new Shard(i, n)
            : null;
    }
}

/// <summary>Progress of a running check on stderr, heard on the bus, when stderr is a terminal.</summary>
internal sealed class Progress(ProgressWriter writer) :
    IEventListener<CheckStarted>, IEventListener<ProductFetched>, IEventListener<MarketplaceChecked>
{
    public static void Register(MessageRegistry registry, CliContext context)
    {
        if (context.Error != System.Console.Error || System.Console.IsErrorRedirected)
        {
            return;
        }

        registry.Services.AddSingleton(new ProgressWriter(context.Error, context.Text));
        registry.AddEventListener<CheckStarted, Progress>()
            .AddEventListener<ProductFetched, Progress>()
            .AddEventListener<MarketplaceChecked, Progress>();
    }

    private StockText Text => writer.Text;

    public Task HandleAsync(CheckStarted message, CancellationToken cancellationToken) =>
        writer.LineAsync(Text.Format(nameof(ConsoleTexts.Progress_Fetching), Text.Marketplace(message.Marketplace), message.LegalEntity));

    public Task HandleAsync(ProductFetched message, CancellationToken cancellationToken) => writer.CountAsync(message.Sku.Marketplace);

    public Task HandleAsync(MarketplaceChecked message, CancellationToken cancellationToken) =>
        writer.LineAsync(message.Result.Succeeded
            ? Text.Format(nameof(ConsoleTexts.Progress_Stored), Text.Marketplace(message.Result.Marketplace), Text.Products(message.Result.Products), Text.Count(nameof(ConsoleTexts.Count_Events), message.Result.Events.Total))
            : Text.Format(nameof(ConsoleTexts.Progress_Failed), Text.Marketplace(message.Result.Marketplace), message.Result.Error));
}

internal sealed class ProgressWriter(TextWriter error, StockText text)
{
    public StockText Text { get; } = text;

    private readonly Lock _lock = new();
    private readonly Dictionary<Marketplace, int> _counts = [];

    public Task LineAsync(string line)
    {
        lock (_lock)
        {
            error.WriteLine(line);
        }

        return Task.CompletedTask;
    }

    public Task CountAsync(Marketplace marketplace)
    {
        lock (_lock)
        {
            var count = _counts[marketplace] = _counts.GetValueOrDefault(marketplace) + 1;
            if (count % 100 == 0)
            {
                error.WriteLine(Text.Format(nameof(ConsoleTexts.Progress_Merged), Text.Marketplace(marketplace), Text.Products(count)));
            }
        }

        return Task.CompletedTask;
    }
}
