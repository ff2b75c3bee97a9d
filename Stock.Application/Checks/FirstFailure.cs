using System.Runtime.ExceptionServices;

namespace Stock.Application.Checks;

/// <summary>Parts of a fetch that run side by side and fail as one: by the first part that fails.</summary>
internal static class FirstFailure
{
    /// <summary>
    /// Waits for every task. When one fails, <paramref name="stop"/> is cancelled so that the others end early, they
    /// are waited for (what they throw then is the consequence, not the cause), and the first failure is rethrown as it
    /// was thrown. A cancellation of the caller's own token surfaces as that cancellation.
    /// </summary>
    public static async Task WhenAllAsync(CancellationTokenSource stop, params Task[] tasks)
    {
        var pending = tasks.ToList();
        Exception? first = null;
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            if (first is null && !done.IsCompletedSuccessfully && !stop.IsCancellationRequested)
            {
                // Faulted, or cancelled by something other than the caller (a timeout of its own).
                try
                {
                    await done;
                }
                catch (Exception ex)
                {
                    first = ex;
                }

                await stop.CancelAsync();
            }
        }

        if (first is not null)
        {
            ExceptionDispatchInfo.Capture(first).Throw();
        }

        await Task.WhenAll(tasks);
    }
}
