using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stock.Application.Messaging;
using Stock.Application.Ports;

namespace Stock.Application.Commands;

/// <summary>
/// Check every legal entity that has a key, or those of one shard: the entities whose stable hash falls in shard
/// <paramref name="Shard"/> of <paramref name="Shards"/>, so that <paramref name="Shards"/> tasks of a Cloud Run job
/// cover every entity exactly once. Entities are checked with bounded parallelism (<see cref="StockOptions.CheckAllParallelism"/>),
/// then one relay publishes what they raised.
/// </summary>
/// <param name="Shard">This task's shard, from 0.</param>
/// <param name="Shards">How many shards there are.</param>
public sealed record CheckAllLegalEntities(int Shard = 0, int Shards = 1) : ICommand<AllChecksReport>
{
    /// <summary>Whether the legal entity with <paramref name="legalEntityId"/> belongs to shard <paramref name="shard"/> of <paramref name="shards"/>.</summary>
    public static bool InShard(Guid legalEntityId, int shard, int shards)
    {
        var hash = SHA256.HashData(legalEntityId.ToByteArray());
        return BitConverter.ToUInt32(hash, 0) % (uint)shards == (uint)shard;
    }
}

/// <summary>How the check of one legal entity of a <see cref="CheckAllLegalEntities"/> ended.</summary>
/// <param name="LegalEntity">The legal entity's name.</param>
/// <param name="Report">The check's report; null when it did not run.</param>
/// <param name="Error">Why it did not run or failed as a whole, in one line; null when it ran.</param>
/// <param name="Skipped">Whether it was skipped because another check of it was running (not a failure).</param>
public sealed record LegalEntityCheck(string LegalEntity, CheckReport? Report, string? Error, bool Skipped = false)
{
    /// <summary>Whether it succeeded, or was skipped because another check of it runs.</summary>
    public bool Succeeded => Skipped || (Error is null && Report is { Succeeded: true });
}

/// <summary>What a <see cref="CheckAllLegalEntities"/> did.</summary>
/// <param name="Checks">One per legal entity of the shard, by name.</param>
/// <param name="Relay">The relay after the checks.</param>
public sealed record AllChecksReport(IReadOnlyList<LegalEntityCheck> Checks, RelayReport Relay)
{
    /// <summary>Whether every check succeeded (or was skipped as already running) and the relay left nothing pending.</summary>
    public bool Succeeded => Checks.All(c => c.Succeeded) && Relay.Succeeded;
}

internal sealed partial class CheckAllLegalEntitiesHandler(
    IUnitOfWorkFactory units,
    IServiceScopeFactory scopes,
    IMessageBus bus,
    IOptions<StockOptions> options,
    ILogger<CheckAllLegalEntitiesHandler> logger) : ICommandHandler<CheckAllLegalEntities, AllChecksReport>
{
    public async Task<AllChecksReport> HandleAsync(CheckAllLegalEntities command, CancellationToken cancellationToken)
    {
        if (command.Shards < 1 || command.Shard < 0 || command.Shard >= command.Shards)
        {
            throw new CheckRejectedException(CheckRejection.InvalidInput, $"Shard {command.Shard} of {command.Shards} does not exist: the shard is 0 to {command.Shards - 1}.");
        }

        List<LegalEntity> entities;
        await using (var unit = units.Begin())
        {
            entities = (await unit.LegalEntities.ListAsync(cancellationToken))
                .Where(e => e.Accounts.Count > 0 && CheckAllLegalEntities.InShard(e.Id, command.Shard, command.Shards))
                .ToList();
        }

        LogShard(command.Shard, command.Shards, entities.Count);
        var checks = new LegalEntityCheck[entities.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.CheckAllParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, entities.Count), parallel, async (i, ct) =>
            checks[i] = await CheckOneAsync(entities[i].Name.Value, ct));

        var relay = await bus.SendAsync(new RelayOutbox(), cancellationToken);
        return new AllChecksReport(checks, relay);
    }

    private async Task<LegalEntityCheck> CheckOneAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var report = await scope.ServiceProvider.GetRequiredService<IMessageBus>().SendAsync(new CheckStocks(name, Relay: false), cancellationToken);
            return new LegalEntityCheck(name, report, null);
        }
        catch (CheckRejectedException ex) when (ex.Reason == CheckRejection.AlreadyRunning)
        {
            return new LegalEntityCheck(name, null, ex.Message, Skipped: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One entity failing never stops the others.
            LogEntityFailed(ex, name);
            return new LegalEntityCheck(name, null, ErrorText.OneLine(ex.Message));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checking shard {Shard} of {Shards}: {Count} legal entities")]
    private partial void LogShard(int shard, int shards, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The check of {LegalEntity} failed")]
    private partial void LogEntityFailed(Exception exception, string legalEntity);
}
