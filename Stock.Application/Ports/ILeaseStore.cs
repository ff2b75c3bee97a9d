namespace Stock.Application.Ports;

/// <summary>An exclusive lease with a short time to live, renewed while its work runs; dispose it to release.</summary>
/// <remarks>Disposing releases it and never throws: a lease that cannot be released (its store is down) expires by itself.</remarks>
public interface ILease : IAsyncDisposable
{
    /// <summary>The name leased.</summary>
    string Name { get; }

    /// <summary>Extends the lease to <paramref name="ttl"/> from now while it is still this holder's; false when it is not any more.</summary>
    Task<bool> RenewAsync(TimeSpan ttl, CancellationToken cancellationToken);
}

/// <summary>Who holds a lease, and until when unless renewed.</summary>
/// <param name="Holder">The holder's description: host, process and what it runs.</param>
/// <param name="Until">When the lease expires unless its holder renews it.</param>
public sealed record LeaseHolder(string Holder, DateTimeOffset Until);

/// <summary>Exclusive, expiring leases by name (Redis, or the database), so that a crashed holder blocks only until its lease expires.</summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease named <paramref name="name"/> for <paramref name="ttl"/> in the name of <paramref name="holder"/>,
    /// or returns null when someone else holds it.
    /// </summary>
    Task<ILease?> TryAcquireAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Who holds the lease named <paramref name="name"/> now, or null when nobody does.</summary>
    Task<LeaseHolder?> FindHolderAsync(string name, CancellationToken cancellationToken);
}
