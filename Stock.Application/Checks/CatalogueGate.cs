using Microsoft.Extensions.Options;

namespace Stock.Application.Checks;

/// <summary>
/// Turns to hold a marketplace's catalogue, shared by every check of the process
/// (<see cref="StockOptions.CataloguesAtOnce"/>). A catalogue is the one part of a check that grows with the seller (cards, stock, clusters: about a kilobyte a
/// product), so that two of 100,000 products at once do not fit a 512 MiB instance; one at a time they do (D53).
/// </summary>
internal sealed class CatalogueGate : IDisposable
{
    /// <summary>Below this memory for the runtime, catalogues are held one at a time (a 512 MiB instance gives 384 MiB).</summary>
    internal const long SmallInstanceBytes = 512L * 1024 * 1024;

    private readonly SemaphoreSlim? _turns;

    public CatalogueGate(IOptions<StockOptions> options)
    {
        var turns = TurnsFor(options.Value.CataloguesAtOnce, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        _turns = turns > 0 ? new SemaphoreSlim(turns, turns) : null;
    }

    /// <summary>Whether catalogues wait for a turn (then a check reads its orders before it waits, D53).</summary>
    public bool Bounded => _turns is not null;

    /// <summary>
    /// The turns the setting gives, or 0 for no bound: the setting's when set, else one below
    /// <see cref="SmallInstanceBytes"/>.
    /// </summary>
    internal static int TurnsFor(int setting, long runtimeMemoryBytes) =>
        setting > 0 ? setting : runtimeMemoryBytes < SmallInstanceBytes ? 1 : 0;

    /// <summary>Waits for a turn; disposing the result gives it back. Without a bound, a turn is there at once.</summary>
    public async Task<IDisposable> TakeTurnAsync(CancellationToken cancellationToken)
    {
        if (_turns is null)
        {
            return new Turn(null);
        }

        await _turns.WaitAsync(cancellationToken);
        return new Turn(_turns);
    }

    public void Dispose() => _turns?.Dispose();

    private sealed class Turn(SemaphoreSlim? turns) : IDisposable
    {
        private SemaphoreSlim? _turns = turns;

        public void Dispose() => Interlocked.Exchange(ref _turns, null)?.Release();
    }
}
