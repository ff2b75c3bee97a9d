using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application.Checks;
using Stock.Application.Marketplaces;
using Stock.Application.Messaging;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Products;

namespace Stock.Application.Commands;

/// <summary>Check the stock of one legal entity: every marketplace it has a key for, or just <see cref="Marketplace"/>.</summary>
/// <param name="LegalEntity">The legal entity's name, as the user typed it.</param>
/// <param name="Marketplace">Only this marketplace, or null for every one with a key.</param>
/// <remarks>The check alone: <see cref="CheckPolicy.CheckThenRelayAsync"/> relays what it raised after it.</remarks>
public sealed record CheckStocks(string LegalEntity, Marketplace? Marketplace = null) : ICommand<CheckReport>;

/// <summary>How the check of one marketplace ended.</summary>
/// <param name="Marketplace">The marketplace.</param>
/// <param name="Error">Null when it succeeded; else what failed it, in one line without secrets.</param>
/// <param name="Products">Products merged and stored.</param>
/// <param name="Events">Events raised.</param>
public sealed record MarketplaceResult(Marketplace Marketplace, string? Error, int Products, EventCounts Events)
{
    /// <summary>Whether it succeeded.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>What a check did.</summary>
/// <param name="CheckId">The check run.</param>
/// <param name="LegalEntity">The legal entity's name.</param>
/// <param name="BusinessDate">The business date of the check.</param>
/// <param name="Marketplaces">How each marketplace ended.</param>
/// <param name="Relay">What the relay after the check did (<see cref="CheckPolicy.CheckThenRelayAsync"/>); null when none ran.</param>
public sealed record CheckReport(Guid CheckId, string LegalEntity, DateOnly BusinessDate, IReadOnlyList<MarketplaceResult> Marketplaces, RelayReport? Relay)
{
    /// <summary>Products merged over every marketplace.</summary>
    public int Products => Marketplaces.Sum(m => m.Products);

    /// <summary>Events raised over every marketplace.</summary>
    public EventCounts Events => Marketplaces.Aggregate(EventCounts.None, (sum, m) => sum.Add(m.Events));

    /// <summary>Whether every marketplace succeeded.</summary>
    public bool Succeeded => Marketplaces.All(m => m.Succeeded);

    /// <summary>
    /// Whether the relay after the check left events pending (Pub/Sub or Redis down, a topic missing): then the check is
    /// not a success either (docs/contracts.md, Delivery), although its state and events are safe in the outbox.
    /// </summary>
    public bool EventsPending => Relay is { Succeeded: false };

}

/// <summary>
/// The check flow: take the legal entity's lease, check each marketplace concurrently and in isolation
/// (<see cref="MarketplaceCheck"/>), record the run, release the lease.
/// </summary>
internal sealed partial class CheckStocksHandler(
    IUnitOfWorkFactory units,
    MarketplaceRegistry marketplaces,
    ILeaseStore leases,
    MarketplaceCheck marketplaceCheck,
    TimeProvider time,
    StockMetrics metrics,
    IOptions<StockOptions> options,
    ILogger<CheckStocksHandler> logger) : ICommandHandler<CheckStocks, CheckReport>
{
    public async Task<CheckReport> HandleAsync(CheckStocks command, CancellationToken cancellationToken)
    {
        var entity = await FindLegalEntityAsync(command.LegalEntity, cancellationToken);
        var accounts = AccountsToCheck(entity, command.Marketplace);

        return await CheckUnderLeaseAsync(entity, accounts, cancellationToken);
    }

    private async Task<LegalEntity> FindLegalEntityAsync(string legalEntity, CancellationToken cancellationToken)
    {
        await using var unit = units.Begin();
        return await LegalEntities.FindAsync(unit, legalEntity, cancellationToken);
    }

    private MarketplaceAccount[] AccountsToCheck(LegalEntity entity, Marketplace? only)
    {
        // A key that cannot be decrypted fails its legal entity alone, by name; `check --all` goes on with the others.
        if (entity.Accounts.FirstOrDefault(a => a.KeyError is not null && (only is null || a.Marketplace == only)) is { } unreadable)
        {
            throw new RequestRejectedException(RequestRejection.UnreadableKey, unreadable.KeyError!);
        }

        if (only is { } marketplace)
        {
            var account = entity.Account(marketplace)
                ?? throw new RequestRejectedException(RequestRejection.MissingKey, $"Legal entity '{entity.Name}' has no {marketplace.ToWire()} key.");
            return [account];
        }

        return entity.Accounts.Count > 0
            ? entity.Accounts.OrderBy(a => marketplaces.OrderOf(a.Marketplace)).ToArray()
            : throw new RequestRejectedException(RequestRejection.MissingKey, $"Legal entity '{entity.Name}' has no marketplace keys.");
    }

    private async Task<CheckReport> CheckUnderLeaseAsync(LegalEntity entity, MarketplaceAccount[] accounts, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var startedAt = time.GetUtcNow();
        var runId = Guid.CreateVersion7(startedAt);
        var leaseName = $"check:{entity.Id:D}";
        await using var lease = await HeldLease.TryAcquireAsync(leases, leaseName, HeldLease.Holder($"check {runId:D}"), settings, time, metrics, logger, cancellationToken)
            ?? throw new RequestRejectedException(RequestRejection.AlreadyRunning, await AlreadyRunningAsync(entity, leaseName, cancellationToken));
        using var activity = StockTelemetry.Activities.StartActivity("check");
        activity?.SetTag("stock.legal_entity", entity.Name.Value);

        // The run stops with the caller, or before its next commit once the lease is lost.
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        var run = new CheckRun
        {
            Id = runId,
            LegalEntityId = entity.Id,
            BusinessDate = BusinessCalendar.DateOf(startedAt, settings.BusinessTimeZone),
            StartedAt = startedAt,
        };
        MarketplaceResult[] results;
        try
        {
            await using (var unit = units.Begin())
            {
                var abandoned = await unit.CheckRuns.AbandonRunningAsync(entity.Id, startedAt, running.Token);
                if (abandoned > 0)
                {
                    LogAbandoned(entity.Name.Value, abandoned);
                }

                unit.CheckRuns.Add(run);
                await unit.CommitAsync(running.Token);
            }

            LogCheckStarted(entity.Name.Value, run.BusinessDate, accounts.Length);
            results = await Task.WhenAll(accounts.Select(account =>
                marketplaceCheck.RunAsync(run, entity, account, running.Token)));

            await using (var unit = units.Begin())
            {
                unit.CheckRuns.Update(Finished(run, results));
                await unit.CommitAsync(running.Token);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            metrics.CheckEnded("stopped", time.GetUtcNow() - startedAt);
            await CloseStoppedAsync(run, entity.Name.Value);
            throw;
        }
        catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            metrics.CheckEnded("lease_lost", time.GetUtcNow() - startedAt);
            throw new ServiceUnavailableException(
                "lease",
                $"The check of '{entity.Name}' lost its lease (its store did not answer, or another holder took it); it stopped before its next commit, and what it committed is kept.");
        }

        var report = new CheckReport(run.Id, entity.Name.Value, run.BusinessDate, results, Relay: null);
        metrics.CheckEnded(report.Succeeded ? "succeeded" : results.All(r => !r.Succeeded) ? "failed" : "partially_failed", time.GetUtcNow() - startedAt);
        activity?.SetTag("stock.outcome", report.Succeeded ? "succeeded" : "failed");
        return report;
    }

    /// <summary>"already running", with who runs it and until when its lease lasts unless renewed.</summary>
    private async Task<string> AlreadyRunningAsync(LegalEntity entity, string leaseName, CancellationToken cancellationToken)
    {
        var holder = await leases.FindHolderAsync(leaseName, cancellationToken);
        return holder is null
            ? $"A check of '{entity.Name}' was running a moment ago and has just ended; run it again."
            : $"A check of '{entity.Name}' is already running: {holder.Holder}, its lease held until {holder.Until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC and renewed while it runs; try again when it ends.";
    }

    /// <summary>
    /// Records that the run was stopped, within a few seconds and whatever the caller's token says (it is cancelled):
    /// a stop comes with a deadline (Cloud Run's SIGKILL 10 s after SIGTERM), and the lease is released after this.
    /// </summary>
    private async Task CloseStoppedAsync(CheckRun run, string legalEntity)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(3), time);
        try
        {
            await using var unit = units.Begin();
            unit.CheckRuns.Update(run with { FinishedAt = time.GetUtcNow(), Outcome = CheckOutcome.Stopped });
            await unit.CommitAsync(deadline.Token);
            LogStopped(legalEntity);
        }
        catch (Exception ex)
        {
            // Not recorded (the run was not stored yet, or the store is slow): the next check closes it as abandoned.
            LogStopNotRecorded(ex, legalEntity);
        }
    }

    private CheckRun Finished(CheckRun run, MarketplaceResult[] results)
    {
        var events = results.Aggregate(EventCounts.None, (sum, r) => sum.Add(r.Events));
        var failed = results.Count(r => !r.Succeeded);
        return run with
        {
            FinishedAt = time.GetUtcNow(),
            Outcome = failed == 0 ? CheckOutcome.Succeeded : failed == results.Length ? CheckOutcome.Failed : CheckOutcome.PartiallyFailed,
            Marketplaces = results.ToDictionary(r => r.Marketplace, r => r.Error ?? "ok"),
            Products = results.Sum(r => r.Products),
            Events = events,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checking {LegalEntity} for {BusinessDate}: {Marketplaces} marketplace(s)")]
    private partial void LogCheckStarted(string legalEntity, DateOnly businessDate, int marketplaces);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The check of {LegalEntity} was stopped before it ended; what it committed is kept")]
    private partial void LogStopped(string legalEntity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The check of {LegalEntity} was stopped, and its stop could not be recorded; the next check closes it")]
    private partial void LogStopNotRecorded(Exception exception, string legalEntity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{LegalEntity}: {Count} earlier check(s) died before they ended; closed as abandoned")]
    private partial void LogAbandoned(string legalEntity, int count);

}
