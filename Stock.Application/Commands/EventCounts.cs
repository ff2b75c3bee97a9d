using Stock.Application.Alerts;

namespace Stock.Application.Commands;

/// <summary>How many alerts of each type (<see cref="AlertCatalogue"/>) a check, or its part for one marketplace, raised.</summary>
public sealed class EventCounts : IEquatable<EventCounts>
{
    private readonly int[] _counts;

    private EventCounts(int[] counts) => _counts = counts;

    /// <summary>No alerts.</summary>
    public static EventCounts None { get; } = new(new int[AlertCatalogue.All.Count]);

    /// <summary>All alerts.</summary>
    public int Total => _counts.Sum();

    /// <summary>Every alert type with its count, in the catalogue's order (none left out).</summary>
    public IReadOnlyList<KeyValuePair<AlertType, int>> ByType => AlertCatalogue.All.Select((type, i) => KeyValuePair.Create(type, _counts[i])).ToArray();

    /// <summary>The count of the alert type named <paramref name="eventType"/> (an <see cref="Alerts.AlertType.Name"/> of the catalogue).</summary>
    /// <exception cref="ArgumentException">It is no alert type of the catalogue.</exception>
    public int this[string eventType] => _counts[Index(eventType)];

    /// <summary>The counts of the events whose types are <paramref name="eventTypes"/>, each a type of the catalogue.</summary>
    /// <exception cref="ArgumentException">One is no alert type of the catalogue.</exception>
    public static EventCounts Of(IEnumerable<string> eventTypes)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        var counts = new int[AlertCatalogue.All.Count];
        foreach (var type in eventTypes)
        {
            counts[Index(type)]++;
        }

        return new(counts);
    }

    /// <summary>The counts read back by alert type name; a name the catalogue no longer has is left out.</summary>
    public static EventCounts From(IReadOnlyDictionary<string, int> byName)
    {
        ArgumentNullException.ThrowIfNull(byName);
        return new(AlertCatalogue.All.Select(type => byName.GetValueOrDefault(type.Name)).ToArray());
    }

    /// <summary>The sum of two counts.</summary>
    public EventCounts Add(EventCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(_counts.Zip(other._counts, (a, b) => a + b).ToArray());
    }

    /// <inheritdoc />
    public bool Equals(EventCounts? other) => other is not null && _counts.AsSpan().SequenceEqual(other._counts);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EventCounts);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var count in _counts)
        {
            hash.Add(count);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", ByType.Select(c => $"{c.Key.Name} {c.Value}"));

    private static int Index(string eventType) => AlertCatalogue.IndexOf(eventType) is var index and >= 0
        ? index
        : throw new ArgumentException($"'{eventType}' is no alert type of the catalogue.", nameof(eventType));
}
