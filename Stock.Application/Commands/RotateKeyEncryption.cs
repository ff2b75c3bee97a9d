using Stock.Application.Messaging;
using Stock.Application.Ports;

namespace Stock.Application.Commands;

/// <summary>Re-encrypt every stored marketplace key under the current encryption key (docs/contracts.md, Keys at rest); returns how many were rewritten.</summary>
public sealed record RotateKeyEncryption : ICommand<int>;

internal sealed class RotateKeyEncryptionHandler(IUnitOfWorkFactory units) : ICommandHandler<RotateKeyEncryption, int>
{
    public async Task<int> HandleAsync(RotateKeyEncryption command, CancellationToken cancellationToken)
    {
        await using var unit = units.Begin();
        var rewritten = await unit.LegalEntities.RewriteKeysAsync(cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return rewritten;
    }
}
