namespace Stock.Infrastructure.Marketplaces;

/// <summary>Calls over independent batches (ids a call can name), a few at a time.</summary>
internal static class Batches
{
    /// <summary>
    /// Calls in flight at most. The rate limiters set the pace; with a real API's latency, calls one after another would
    /// run slower than the limits allow (a call that takes longer than its interval delays every later one).
    /// </summary>
    public const int Concurrency = 4;

    /// <summary>
    /// The answer to each batch, in the batches' order. The first call that fails stops the others, and its failure is
    /// the one thrown.
    /// </summary>
    public static async Task<TAnswer[]> FetchAsync<TBatch, TAnswer>(
        IEnumerable<TBatch> batches, Func<TBatch, CancellationToken, Task<TAnswer>> fetch, CancellationToken cancellationToken)
    {
        var all = batches.ToArray();
        var answers = new TAnswer[all.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, all.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, ct) => answers[i] = await fetch(all[i], ct));
        return answers;
    }

    /// <summary>
    /// Folds each batch's answer as it arrives (one fold at a time, in no set order), so that a thousand answers are not
    /// all held until the last: for totals, which do not depend on the order. The first call that fails stops the
    /// others, and its failure is the one thrown.
    /// </summary>
    public static async Task FoldAsync<TBatch, TAnswer>(
        IEnumerable<TBatch> batches, Func<TBatch, CancellationToken, Task<TAnswer>> fetch, Action<TAnswer> fold, CancellationToken cancellationToken)
    {
        var folding = new Lock();
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                var answer = await fetch(batch, ct);
                lock (folding)
                {
                    fold(answer);
                }
            });
    }
}
