using Stock.Application.Commands;
using Stock.Application.Ports;
using Stock.Domain.Events;
using Stock.Tests.Fakes;
using static Stock.Tests.Application.Scenario;

namespace Stock.Tests.Application;

public sealed class RelayOutboxTests
{
    [Fact]
    public async Task KeyHeldByAnotherEvent_WithinTheWindow_IsSuppressedWithTheReason()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h, withOzon: false);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 11, 26, 19, 0, 0, TimeSpan.Zero)); // 22:00 in Moscow

        await h.CheckAsync();                           // the mug alerts sent_6
        h.Wb.SetStock(Mug, fbo: 3, fbs: 37); // restocked on the seller's warehouse: no FBO crossing
        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.CheckAsync();                           // replenished: re-armed, quiet
        h.Wb.SetStock(Mug, fbo: 3, fbs: 2);
        h.Time.Advance(TimeSpan.FromHours(8));          // next business day, 8.5 h after the first alert
        var third = await h.CheckAsync();               // sent_6 again: a new event, the same dedup key

        third.Events["LowOnStock"].Should().Be(1);
        third.Relay!.Suppressed.Should().Be(1);
        var rows = h.Database.OutboxSnapshot();
        rows.Should().HaveCount(2);
        rows[1].Status.Should().Be(OutboxStatus.Suppressed);
        rows[1].Reason.Should().Be($"Deduplicated: key {rows[0].DedupKey} is held by event {rows[0].EventId:D}.");
        h.Publisher.Published.Should().ContainSingle();
    }

    [Fact]
    public async Task ARelayAfterTheRetention_DeletesSentRows_ButNeverPendingOnes()
    {
        await using var h = new ApplicationHarness(o => o.OutboxRetentionDays = 30);
        Amodekor(h, withOzon: false);
        (await h.CheckAsync()).Relay!.Published.Should().Be(1);
        h.Time.Advance(TimeSpan.FromDays(29));
        (await h.SendAsync(new RelayOutbox())).Purged.Should().Be(0, "29 days are within the retention");
        h.Publisher.Down = true;
        Scenario.NextDay(h);
        (await h.CheckAsync()).Relay!.Pending.Should().BeGreaterThan(0);
        h.Time.Advance(TimeSpan.FromDays(2));
        h.Publisher.Down = false;

        var relay = await h.SendAsync(new RelayOutbox());

        relay.Purged.Should().Be(1, "the first check's row was sent 31 days ago");
        h.Database.OutboxSnapshot().Should().NotBeEmpty().And.OnlyContain(m => m.Status == OutboxStatus.Sent && m.ProcessedAt > h.Time.GetUtcNow().AddDays(-30));
    }

    [Fact]
    public async Task OrdersDatedAfterTheBusinessDate_AcrossMidnight_DoNotFailTheCheck()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h, withOzon: false);
        h.Wb.AddDailyOrders(Mug, h.Today.AddDays(1), h.Today.AddDays(1), 4); // fetched just after Moscow midnight

        var report = await h.CheckAsync();

        report.Succeeded.Should().BeTrue(report.Marketplaces[0].Error);
        report.Products.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task AfterTheWindow_TheSameKeyAlertsAgain()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h, withOzon: false);
        await h.CheckAsync();
        h.Wb.SetStock(Mug, fbo: 3, fbs: 37); // restocked on the seller's warehouse: no FBO crossing
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.CheckAsync();
        h.Wb.SetStock(Mug, fbo: 3, fbs: 2);
        h.Time.Advance(TimeSpan.FromHours(15));

        var later = await h.CheckAsync();

        later.Relay!.Published.Should().Be(1);
        h.Publisher.Published.Should().HaveCount(2);
    }

    [Fact]
    public async Task PartlyAcknowledgedPublish_LeavesTheRestPending_ForTheNextRelay()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h, withOzon: false);
        await h.CheckAsync();
        Scenario.NextDay(h);
        h.Publisher.Acknowledge = m => m.EventType == LowOnStock.TypeName;

        var check = await h.CheckAsync();

        check.Relay!.Published.Should().Be(1);
        check.Relay.Error.Should().Be("2 of 3 messages were not acknowledged; they stay pending: the fake publisher refused some", "the cause is named");
        h.Database.OutboxSnapshot().Count(m => m.Status == OutboxStatus.Pending).Should().Be(2);

        h.Publisher.Acknowledge = null;
        (await h.SendAsync(new RelayOutbox())).Published.Should().Be(2);
        h.Publisher.Published.Select(m => m.EventId).Should().OnlyHaveUniqueItems().And.HaveCount(4);
    }

    [Fact]
    public async Task DedupStoreOutage_StopsTheRelay_RowsStayPending_ThenEachIsDeliveredOnce()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h, withOzon: false);
        h.Dedup.Down = true;

        var check = await h.CheckAsync();

        check.Succeeded.Should().BeTrue("the state and the outbox were committed");
        check.Relay!.Error.Should().Be("Deduplication store failed: dedup store is unreachable");
        h.Publisher.Published.Should().BeEmpty();
        h.Database.OutboxSnapshot().Should().OnlyContain(m => m.Status == OutboxStatus.Pending);

        h.Dedup.Down = false;
        (await h.SendAsync(new RelayOutbox())).Published.Should().Be(1);
        (await h.SendAsync(new RelayOutbox())).Published.Should().Be(0);
        h.Publisher.Published.Should().ContainSingle();
    }

    [Fact]
    public async Task ManyPendingRows_ArePublishedInPages_OldestFirst()
    {
        await using var h = new ApplicationHarness(o => o.RelayBatchSize = 7);
        h.Database.AddLegalEntity(Seller, MarketplaceKey.Wildberries(WbToken));
        for (var i = 1; i <= 40; i++)
        {
            h.Wb.AddProduct(300_000 + i, $"P-{i}", fbo: 12, fbs: 0);
        }

        await h.CheckAsync(relay: false);
        foreach (var id in Enumerable.Range(1, 40))
        {
            h.Wb.SetStock(300_000 + id, fbo: 1, fbs: 0);
        }

        h.Time.Advance(TimeSpan.FromDays(1));
        await h.CheckAsync(relay: false);
        var pending = h.Database.OutboxSnapshot().Select(m => m.EventId).ToArray();

        var relay = await h.SendAsync(new RelayOutbox());

        relay.Published.Should().Be(pending.Length).And.BeGreaterThan(40);
        h.Publisher.Published.Select(m => m.EventId).Should().Equal(pending);
    }
}
