using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stock.Application.Commands;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence;

internal sealed class EfCheckRunRepository(StockDbContext db) : ICheckRunRepository
{
    public void Add(CheckRun run) => db.CheckRuns.Add(Map(run));

    public void Update(CheckRun run)
    {
        var tracked = db.CheckRuns.Local.FirstOrDefault(r => r.Id == run.Id);
        if (tracked is not null)
        {
            db.Entry(tracked).CurrentValues.SetValues(Map(run));
        }
        else
        {
            db.CheckRuns.Update(Map(run));
        }
    }

    public Task<int> AbandonRunningAsync(Guid legalEntityId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var running = nameof(CheckOutcome.Running);
        var abandoned = nameof(CheckOutcome.Abandoned);
        var finished = at.UtcDateTime;
        return db.CheckRuns
            .Where(r => r.LegalEntityId == legalEntityId && r.Outcome == running)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Outcome, abandoned).SetProperty(r => r.FinishedAt, finished), cancellationToken);
    }

    public async Task<IReadOnlyList<CheckRun>> RecentAsync(Guid legalEntityId, int count, CancellationToken cancellationToken)
    {
        var rows = await db.CheckRuns.AsNoTracking()
            .Where(r => r.LegalEntityId == legalEntityId)
            .OrderByDescending(r => r.StartedAt)
            .Take(count)
            .ToListAsync(cancellationToken);
        return rows.Select(Map).ToArray();
    }

    private static CheckRunRow Map(CheckRun run) => new()
    {
        Id = run.Id,
        LegalEntityId = run.LegalEntityId,
        BusinessDate = run.BusinessDate,
        StartedAt = run.StartedAt.UtcDateTime,
        FinishedAt = run.FinishedAt?.UtcDateTime,
        Outcome = run.Outcome.ToString(),
        Marketplaces = JsonSerializer.Serialize(run.Marketplaces.ToDictionary(m => m.Key.ToWire(), m => m.Value)),
        Products = run.Products,
        Events = JsonSerializer.Serialize(run.Events.ByType.ToDictionary(c => c.Key.Name, c => c.Value)),
    };

    private static CheckRun Map(CheckRunRow row) => new()
    {
        Id = row.Id,
        LegalEntityId = row.LegalEntityId,
        BusinessDate = row.BusinessDate,
        StartedAt = new DateTimeOffset(row.StartedAt, TimeSpan.Zero),
        FinishedAt = row.FinishedAt is { } f ? new DateTimeOffset(f, TimeSpan.Zero) : null,
        Outcome = Enum.Parse<CheckOutcome>(row.Outcome),
        Marketplaces = (JsonSerializer.Deserialize<Dictionary<string, string>>(row.Marketplaces) ?? [])
            .ToDictionary(m => Marketplace.Of(m.Key), m => m.Value),
        Products = row.Products,
        Events = EventCounts.From(JsonSerializer.Deserialize<Dictionary<string, int>>(row.Events) ?? []),
    };
}
