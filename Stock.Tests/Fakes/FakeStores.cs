using Stock.Application.Ports;

namespace Stock.Tests.Fakes;

/// <summary>Deduplication keys with expiry on the test's clock; can be made to fail (an outage).</summary>
internal sealed class FakeDedupStore(TimeProvider time) : IDedupStore
{
    private readonly Dictionary<string, (Guid Holder, DateTimeOffset Until)> _keys = [];
    private readonly Lock _lock = new();

    public bool Down { get; set; }

    public int Claims { get; private set; }

    public Task<DedupClaim> ClaimAsync(string key, Guid eventId, TimeSpan window, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new InvalidOperationException("dedup store is unreachable");
        }

        lock (_lock)
        {
            Claims++;
            var now = time.GetUtcNow();
            if (_keys.TryGetValue(key, out var held) && held.Until > now)
            {
                return Task.FromResult(new DedupClaim(held.Holder == eventId ? DedupOutcome.HeldBySameEvent : DedupOutcome.HeldByOther, held.Holder));
            }

            _keys[key] = (eventId, now + window);
            return Task.FromResult(new DedupClaim(DedupOutcome.Claimed, eventId));
        }
    }
}

/// <summary>Leases with expiry on the test's clock.</summary>
internal sealed class FakeLeaseStore(TimeProvider time) : ILeaseStore
{
    private readonly Dictionary<string, (Guid Token, string Holder, DateTimeOffset Until)> _leases = [];
    private readonly Lock _lock = new();

    /// <summary>When set, renewals fail as a store that does not answer.</summary>
    public bool Down { get; set; }

    public Task<ILease?> TryAcquireAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_leases.TryGetValue(name, out var held) && held.Until > now)
            {
                return Task.FromResult<ILease?>(null);
            }

            var token = Guid.NewGuid();
            _leases[name] = (token, holder, now + ttl);
            return Task.FromResult<ILease?>(new Lease(this, name, token));
        }
    }

    public Task<LeaseHolder?> FindHolderAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_leases.TryGetValue(name, out var held) && held.Until > time.GetUtcNow() ? new LeaseHolder(held.Holder, held.Until) : null);
        }
    }

    /// <summary>Another holder takes the lease, as after this one's expiry.</summary>
    public void TakeOver(string name, string holder)
    {
        lock (_lock)
        {
            _leases[name] = (Guid.NewGuid(), holder, time.GetUtcNow() + TimeSpan.FromHours(1));
        }
    }

    private bool Renew(string name, Guid token, TimeSpan ttl)
    {
        lock (_lock)
        {
            if (Down)
            {
                throw new ServiceUnavailableException("lease store", "The lease store does not answer.");
            }

            if (!_leases.TryGetValue(name, out var held) || held.Token != token)
            {
                return false;
            }

            _leases[name] = held with { Until = time.GetUtcNow() + ttl };
            return true;
        }
    }

    private void Release(string name, Guid token)
    {
        lock (_lock)
        {
            if (_leases.TryGetValue(name, out var held) && held.Token == token)
            {
                _leases.Remove(name);
            }
        }
    }

    private sealed class Lease(FakeLeaseStore store, string name, Guid token) : ILease
    {
        public string Name => name;

        public Task<bool> RenewAsync(TimeSpan ttl, CancellationToken cancellationToken) => Task.FromResult(store.Renew(name, token, ttl));

        public ValueTask DisposeAsync()
        {
            store.Release(name, token);
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Records what was published; can refuse everything (an outage) or acknowledge only some.</summary>
internal sealed class FakeEventPublisher : IEventPublisher
{
    private readonly Lock _lock = new();

    public List<OutboxMessage> Published { get; } = [];

    public bool Down { get; set; }

    /// <summary>How long a publish takes (to make relays overlap).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When set, only messages it accepts are acknowledged.</summary>
    public Func<OutboxMessage, bool>? Acknowledge { get; set; }

    public async Task<PublishResult> PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        if (Down)
        {
            throw new HttpRequestException("Pub/Sub is unreachable");
        }

        lock (_lock)
        {
            var acknowledged = messages.Where(m => Acknowledge?.Invoke(m) ?? true).ToArray();
            Published.AddRange(acknowledged);
            return new PublishResult(acknowledged.Select(m => m.EventId).ToHashSet(), acknowledged.Length < messages.Count ? "the fake publisher refused some" : null);
        }
    }
}
