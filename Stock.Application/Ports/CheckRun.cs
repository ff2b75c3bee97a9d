using Stock.Domain;

namespace Stock.Application.Ports;

/// <summary>How a check, or its part for one marketplace, ended.</summary>
public enum CheckOutcome
{
    /// <summary>Still running, or it crashed before it could record its end.</summary>
    Running = 0,

    /// <summary>Every marketplace succeeded.</summary>
    Succeeded = 1,

    /// <summary>Some marketplaces failed; what succeeded is stored.</summary>
    PartiallyFailed = 2,

    /// <summary>Every marketplace failed.</summary>
    Failed = 3,

    /// <summary>Its process died or lost its lease before it recorded its end; closed by the next check.</summary>
    Abandoned = 4,

    /// <summary>Stopped by its caller (SIGTERM, SIGINT, a cancelled request) before it ended; what it committed is kept.</summary>
    Stopped = 5,
}

/// <summary>One check of one legal entity: when it ran, how each marketplace ended, and what it counted.</summary>
public sealed record CheckRun
{
    /// <summary>The run's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The legal entity checked.</summary>
    public required Guid LegalEntityId { get; init; }

    /// <summary>The business date of the check.</summary>
    public required DateOnly BusinessDate { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended; null while running.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How it ended.</summary>
    public CheckOutcome Outcome { get; init; }

    /// <summary>Per marketplace: <c>ok</c>, or the error that failed it.</summary>
    public IReadOnlyDictionary<Marketplace, string> Marketplaces { get; init; } = new Dictionary<Marketplace, string>();

    /// <summary>Products merged.</summary>
    public int Products { get; init; }

    /// <summary>Alerts raised, by type.</summary>
    public Commands.EventCounts Events { get; init; } = Commands.EventCounts.None;
}
