using Stock.Application.Ports;
using Stock.Infrastructure.Secrets;

namespace Stock.Infrastructure.Persistence;

internal sealed class EfUnitOfWorkFactory(StockDbContextFactory contexts, TimeProvider time, KeyCipher cipher) : IUnitOfWorkFactory
{
    public IUnitOfWork Begin() => new EfUnitOfWork(contexts.Create(), contexts.Options, contexts.Writer, time, cipher);
}

/// <summary>
/// One DbContext and one transaction: repositories read at once and stage their writes; <see cref="CommitAsync"/>
/// saves the tracked changes and writes the staged products in bulk, all in one transaction.
/// </summary>
internal sealed class EfUnitOfWork : IUnitOfWork
{
    private readonly StockDbContext _db;
    private readonly EfProductRepository _products;
    private readonly EfOutbox _outbox;
    private readonly EfSyncProgressRepository _sync;
    private readonly SemaphoreSlim? _writer;

    public EfUnitOfWork(StockDbContext db, DatabaseOptions options, SemaphoreSlim? writer, TimeProvider time, KeyCipher cipher)
    {
        _db = db;
        _writer = writer;
        _products = new EfProductRepository(db, options);
        _outbox = new EfOutbox(db);
        _sync = new EfSyncProgressRepository(db, time);
        LegalEntities = new EfLegalEntityRepository(db, time, cipher);
        CheckRuns = new EfCheckRunRepository(db);
    }

    public ILegalEntityRepository LegalEntities { get; }

    public IProductRepository Products => _products;

    public IOutbox Outbox => _outbox;

    public ICheckRunRepository CheckRuns { get; }

    public ISyncProgressRepository SyncProgress => _sync;

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            await WriteAsync(cancellationToken);
            return;
        }

        await _writer.WaitAsync(cancellationToken);
        try
        {
            await WriteAsync(cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
        await _outbox.StageAddedAsync(cancellationToken);
        _outbox.ReleaseUnmarkedClaims();
        await _db.SaveChangesAsync(cancellationToken);
        await _outbox.WriteSentAsync(cancellationToken);
        await _products.WriteAsync(cancellationToken);
        await _sync.WriteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
