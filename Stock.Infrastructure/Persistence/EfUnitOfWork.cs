using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Stock.Application.Checks;
using Stock.Application.Ports;
using Stock.Domain.Events;
using Stock.Infrastructure.Secrets;

namespace Stock.Infrastructure.Persistence;

internal sealed class EfUnitOfWorkFactory(StockDbContextFactory contexts, TimeProvider time, KeyCipher cipher) : IUnitOfWorkFactory
{
    // The sellers' names the alerts carry, by legal entity id: a name never changes (it is how a legal entity is found),
    // so each is read once per process, not once per batch.
    private readonly ConcurrentDictionary<Guid, string> _sellers = new();

    public IUnitOfWork Begin() => new EfUnitOfWork(contexts.Create(), contexts.Options, contexts.Writer, time, cipher, _sellers);
}

/// <summary>
/// One DbContext and one transaction: repositories read at once and stage their writes; <see cref="CommitAsync"/>
/// saves the tracked changes, writes the staged products in bulk and the events they raised to the outbox, all in one
/// transaction.
/// </summary>
internal sealed class EfUnitOfWork : IUnitOfWork
{
    private readonly StockDbContext _db;
    private readonly EfProductRepository _products;
    private readonly EfOutbox _outbox;
    private readonly EfSyncProgressRepository _sync;
    private readonly SemaphoreSlim? _writer;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Guid, string> _sellers;

    public EfUnitOfWork(StockDbContext db, DatabaseOptions options, SemaphoreSlim? writer, TimeProvider time, KeyCipher cipher, ConcurrentDictionary<Guid, string>? sellers = null)
    {
        _sellers = sellers ?? new ConcurrentDictionary<Guid, string>();
        _db = db;
        _writer = writer;
        _time = time;
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

    public async Task<IReadOnlyList<IDomainEvent>> CommitAsync(CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            return await WriteAsync(cancellationToken);
        }

        await _writer.WaitAsync(cancellationToken);
        try
        {
            return await WriteAsync(cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task<IReadOnlyList<IDomainEvent>> WriteAsync(CancellationToken cancellationToken)
    {
        var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var raised = _products.PullEvents();
            if (raised.Count > 0)
            {
                _outbox.Add(await AlertsAsync(raised, cancellationToken));
            }

            await _outbox.StageAddedAsync(cancellationToken);
            _outbox.ReleaseUnmarkedClaims();
            await _db.SaveChangesAsync(cancellationToken);
            await _outbox.WriteSentAsync(cancellationToken);
            await _products.WriteAsync(cancellationToken);
            await _sync.WriteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return raised;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // SQLite rolls a transaction back itself on some errors (SQLITE_FULL: "database or disk is full"); the
            // rollback then fails with "cannot rollback - no transaction is active", which must not hide what failed.
            await RollBackQuietlyAsync(transaction);
            throw;
        }
        finally
        {
            await DisposeQuietlyAsync(transaction);
        }
    }

    private static async Task RollBackQuietlyAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            // Already rolled back by the database, or the connection is gone: nothing was committed either way.
        }
    }

    private static async Task DisposeQuietlyAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction)
    {
        try
        {
            await transaction.DisposeAsync();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            // As above: disposing an uncommitted transaction rolls it back, which the database may have done.
        }
    }

    /// <summary>The outbox messages of the events, each naming its seller as the alerts do (names read once per process).</summary>
    private async Task<OutboxMessage[]> AlertsAsync(IReadOnlyList<IDomainEvent> events, CancellationToken cancellationToken)
    {
        var unknown = events.Select(e => e.Product.LegalEntityId).Distinct().Where(id => !_sellers.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            foreach (var seller in await _db.LegalEntities.AsNoTracking().Where(e => unknown.Contains(e.Id)).Select(e => new { e.Id, e.Name }).ToListAsync(cancellationToken))
            {
                _sellers[seller.Id] = seller.Name;
            }
        }

        var raisedAt = _time.GetUtcNow();
        return [.. events.Select(e => AlertMessages.From(e, _sellers[e.Product.LegalEntityId], raisedAt))];
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
