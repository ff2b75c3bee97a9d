using System.Security.Cryptography;
using Stock.Application.Messaging;
using Stock.Application.Ports;

namespace Stock.Application.Commands;

/// <summary>
/// The legal entities to check in shard <paramref name="Shard"/> of <paramref name="Shards"/>: those with a key whose
/// stable hash falls in the shard, so that <paramref name="Shards"/> tasks of a Cloud Run job cover every entity
/// exactly once, by name. <see cref="Checks.CheckPolicy.CheckAllThenRelayAsync"/> checks them.
/// </summary>
/// <param name="Shard">This task's shard, from 0.</param>
/// <param name="Shards">How many shards there are.</param>
public sealed record LegalEntitiesToCheck(int Shard = 0, int Shards = 1) : ICommand<IReadOnlyList<string>>
{
    /// <summary>Whether the legal entity with <paramref name="legalEntityId"/> belongs to shard <paramref name="shard"/> of <paramref name="shards"/>.</summary>
    public static bool InShard(Guid legalEntityId, int shard, int shards)
    {
        var hash = SHA256.HashData(legalEntityId.ToByteArray());
        return BitConverter.ToUInt32(hash, 0) % (uint)shards == (uint)shard;
    }
}

/// <summary>How the check of one legal entity of a shard ended.</summary>
/// <param name="LegalEntity">The legal entity's name.</param>
/// <param name="Report">The check's report; null when it did not run.</param>
/// <param name="Error">Why it did not run or failed as a whole, in one line; null when it ran.</param>
/// <param name="Skipped">Whether it was skipped because another check of it was running (not a failure).</param>
public sealed record LegalEntityCheck(string LegalEntity, CheckReport? Report, string? Error, bool Skipped = false)
{
    /// <summary>Whether it succeeded, or was skipped because another check of it runs.</summary>
    public bool Succeeded => Skipped || (Error is null && Report is { Succeeded: true });
}

/// <summary>What the checks of a shard did.</summary>
/// <param name="Checks">One per legal entity of the shard, by name.</param>
/// <param name="Relay">The relay after the checks.</param>
public sealed record AllChecksReport(IReadOnlyList<LegalEntityCheck> Checks, RelayReport Relay)
{
    /// <summary>Whether every check succeeded (or was skipped as already running) and the relay left nothing pending.</summary>
    public bool Succeeded => Checks.All(c => c.Succeeded) && Relay.Succeeded;
}

internal sealed class LegalEntitiesToCheckHandler(IUnitOfWorkFactory units) : ICommandHandler<LegalEntitiesToCheck, IReadOnlyList<string>>
{
    public async Task<IReadOnlyList<string>> HandleAsync(LegalEntitiesToCheck command, CancellationToken cancellationToken)
    {
        if (command.Shards < 1 || command.Shard < 0 || command.Shard >= command.Shards)
        {
            throw new RequestRejectedException(RequestRejection.InvalidInput, $"Shard {command.Shard} of {command.Shards} does not exist: the shard is 0 to {command.Shards - 1}.");
        }

        await using var unit = units.Begin();
        return [.. (await unit.LegalEntities.ListAsync(cancellationToken))
            .Where(e => e.Accounts.Count > 0 && LegalEntitiesToCheck.InShard(e.Id, command.Shard, command.Shards))
            .Select(e => e.Name.Value)];
    }
}
