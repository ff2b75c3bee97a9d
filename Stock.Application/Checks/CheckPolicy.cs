using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application.Commands;
using Stock.Application.Messaging;

namespace Stock.Application.Checks;

/// <summary>
/// The one place where use cases are composed (docs/architecture.md): a check, then a relay of what it raised; every
/// legal entity of a shard checked, then one relay. Handlers never send further commands; the hosts call this.
/// </summary>
public sealed partial class CheckPolicy(IMessageBus bus, IServiceScopeFactory scopes, IOptions<StockOptions> options, ILogger<CheckPolicy> logger)
{
    /// <summary>
    /// Checks, then relays the outbox. A relay that fails leaves the events safe in the outbox for the next one, and
    /// the report says so (<see cref="CheckReport.EventsPending"/>).
    /// </summary>
    /// <exception cref="RequestRejectedException">The check was refused (unknown legal entity, missing key, already running).</exception>
    public async Task<CheckReport> CheckThenRelayAsync(CheckStocks check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var report = await bus.SendAsync(check, cancellationToken);
        try
        {
            return report with { Relay = await bus.SendAsync(new RelayOutbox(), cancellationToken) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRelayFailed(ex, report.LegalEntity);
            return report with { Relay = RelayReport.Failed(ErrorText.Of(ex)) with { Pending = -1 } };
        }
    }

    /// <summary>
    /// Checks every legal entity of shard <paramref name="shard"/> of <paramref name="shards"/>, with bounded
    /// parallelism (<see cref="StockOptions.CheckAllParallelism"/>), one failing never stopping the others, then relays once.
    /// </summary>
    /// <exception cref="RequestRejectedException">The shard does not exist.</exception>
    public async Task<AllChecksReport> CheckAllThenRelayAsync(int shard, int shards, CancellationToken cancellationToken)
    {
        var names = await bus.SendAsync(new LegalEntitiesToCheck(shard, shards), cancellationToken);
        LogShard(shard, shards, names.Count);
        var checks = new LegalEntityCheck[names.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.CheckAllParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, names.Count), parallel, async (i, ct) => checks[i] = await CheckOneAsync(names[i], ct));
        return new AllChecksReport(checks, await bus.SendAsync(new RelayOutbox(), cancellationToken));
    }

    private async Task<LegalEntityCheck> CheckOneAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var report = await scope.ServiceProvider.GetRequiredService<IMessageBus>().SendAsync(new CheckStocks(name), cancellationToken);
            return new LegalEntityCheck(name, report, null);
        }
        catch (RequestRejectedException ex) when (ex.Reason == RequestRejection.AlreadyRunning)
        {
            return new LegalEntityCheck(name, null, ex.Message, Skipped: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogEntityFailed(ex, name);
            return new LegalEntityCheck(name, null, ErrorText.Of(ex));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay after the check of {LegalEntity} failed; the events stay pending")]
    private partial void LogRelayFailed(Exception exception, string legalEntity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Checking shard {Shard} of {Shards}: {Count} legal entities")]
    private partial void LogShard(int shard, int shards, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The check of {LegalEntity} failed")]
    private partial void LogEntityFailed(Exception exception, string legalEntity);
}
