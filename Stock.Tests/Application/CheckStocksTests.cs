using System.Text.Json;
using Stock.Application.Commands;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Events;
using Stock.Domain.Products;
using Stock.Domain.Rules;
using Stock.Tests.Fakes;
using Stock.Tests.Fixtures;
using static Stock.Tests.Application.Scenario;

namespace Stock.Tests.Application;

public sealed class CheckStocksTests
{
    [Fact]
    public async Task FirstCheck_ThenChangedStockNextDay_RaisesExactlyThePredictedEvents()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h, withOzon: false);

        var first = await h.CheckAsync();

        first.Succeeded.Should().BeTrue();
        first.Products.Should().Be(3);
        first.Events.Should().Be(Alerts.Counts(lowOnStock: 1));
        h.Publisher.Published.Should().ContainSingle().Which.Attributes["sku"].Should().Be(Mug.ToString());

        NextDay(h);
        var second = await h.CheckAsync();

        second.Events.Should().Be(Alerts.Counts(lowOnStock: 1, fboOver: 1, fboReceived: 1));
        var published = h.Publisher.Published.Skip(1).Select(m => (m.EventType, m.Attributes["sku"])).ToArray();
        published.Should().BeEquivalentTo(new[]
        {
            (LowOnStock.TypeName, Vase.ToString()),
            (StockFboOver.TypeName, Vase.ToString()),
            (StockFboReceived.TypeName, Lamp.ToString()),
        });

        // The vase: 29 in-stock days sold 1 each and today's record (in stock, nothing sold yet) make 29 in W(30,0).
        var vaseEvents = h.Publisher.Published.Where(m => m.Attributes["sku"] == Vase.ToString()).ToArray();
        vaseEvents.Select(m => SalesForPeriod(m)).Should().AllBeEquivalentTo(29, "every event of one product in one check carries the same sales");
        var low = Json(vaseEvents.Single(m => m.EventType == LowOnStock.TypeName)).GetProperty("data").GetProperty("notification");
        low.GetProperty("status_notification").GetInt32().Should().Be(2, "29 / 3 = 9.67 is in band sent_6");
        low.GetProperty("stock_sum").GetInt32().Should().Be(3);
        low.GetProperty("status_product").GetString().Should().Be("ordinary");
    }

    [Fact]
    public async Task FirstCheck_LowOnStockPayload_IsTheContractExample()
    {
        await using var h = new ApplicationHarness();
        var entity = Amodekor(h, withOzon: false);

        await h.CheckAsync();

        var message = h.Publisher.Published.Single();
        var id = new LowOnStock(
            new ProductAlert(entity.Id, Sku.From(Marketplace.Wildberries, Mug, "MUG-RED-300"), "", "", 0, 0, 0, ProductStatus.Ordinary, h.Today),
            LowStockBand.Sent6).Identity.Id;
        message.Payload.Should().Be(
            "{\"source\":\"stock_service\",\"guid\":\"" + id + "\",\"time\":\"2026-11-26T07:00:00Z\",\"data\":{\"notification\":{" +
            "\"seller\":\"ООО Амодекор\",\"name\":\"Кружка керамическая 300 мл\",\"vendor_code\":\"MUG-RED-300\",\"sku\":\"211111111\"," +
            "\"mp\":\"wb\",\"url_on_product\":\"https://www.wildberries.ru/catalog/211111111/detail.aspx\",\"sales_for_period\":60," +
            "\"stock_sum\":5,\"stock_fbo\":3,\"stock_fbs\":2,\"status_product\":\"ordinary\",\"status_notification\":2," +
            "\"days_of_cover\":2.5,\"recommended_supply\":55}}}"); // 5 / (60 / 30); ceil(2 × 30) − 5
        message.Attributes.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["event_type"] = "LowOnStock",
            ["event_id"] = id.ToString(),
            ["legal_entity"] = Seller,
            ["marketplace"] = "wb",
            ["sku"] = "211111111",
        });
    }

    [Fact]
    public async Task FboPayloads_AreFlatWithExactlyTheContractKeys()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h, withOzon: false);
        await h.CheckAsync();
        NextDay(h);

        await h.CheckAsync();

        foreach (var type in new[] { StockFboOver.TypeName, StockFboReceived.TypeName })
        {
            var data = Json(h.Publisher.Published.Single(m => m.EventType == type));
            data.EnumerateObject().Select(p => p.Name).Should().Equal(
                "seller", "name", "vendor_code", "sku", "mp", "url_on_product", "sales_for_period", "stock_fbo", "stock_fbs");
            data.GetProperty("sku").ValueKind.Should().Be(JsonValueKind.String);
            data.GetProperty("stock_fbo").ValueKind.Should().Be(JsonValueKind.Number);
        }

        var received = Json(h.Publisher.Published.Single(m => m.EventType == StockFboReceived.TypeName));
        received.GetProperty("vendor_code").GetString().Should().Be("LAMP-01");
        received.GetProperty("stock_fbo").GetInt32().Should().Be(15);
        received.GetProperty("sales_for_period").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task StockClusterLow_Payload_IsFlatWithTheClusterKeys_AndItsAttributesNameTheCluster()
    {
        await using var h = new ApplicationHarness();
        var entity = Amodekor(h);
        h.Ozon.Clusters[OzonCup.ToString(System.Globalization.CultureInfo.InvariantCulture)] =
            [new ClusterStock(4007, "Москва, МО и Дальние регионы", 18, 0.7m), new ClusterStock(4039, "Новосибирск", 2, 0.45m)];

        var report = await h.CheckAsync();

        report.Events["StockClusterLow"].Should().Be(1);
        var message = h.Publisher.Published.Single(m => m.EventType == StockClusterLow.TypeName);
        message.Payload.Should().Be(
            "{\"seller\":\"ООО Амодекор\",\"name\":\"Чашка\",\"vendor_code\":\"CUP-OZ\",\"sku\":\"900000001\",\"mp\":\"ozon\"," +
            "\"url_on_product\":\"https://www.ozon.ru/product/900000001/\",\"cluster_id\":4039,\"cluster_name\":\"Новосибирск\"," +
            "\"stock\":2,\"ads\":0.45,\"days_of_cover\":4.4}"); // 2 / 0.45 = 4.44; Moscow's 18 / 0.7 = 25.7 days is not low
        var id = new StockClusterLow(
            new ProductAlert(entity.Id, Sku.From(Marketplace.Ozon, OzonCup, "CUP-OZ"), "", "", 0, 0, 0, ProductStatus.Ordinary, h.Today),
            new ClusterStock(4039, "", 0, 0m)).Identity.Id;
        message.Attributes.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["event_type"] = "StockClusterLow",
            ["event_id"] = id.ToString(),
            ["legal_entity"] = Seller,
            ["marketplace"] = "ozon",
            ["sku"] = "900000001",
            ["cluster"] = "4039",
        });

        var again = await h.CheckAsync();
        again.Events["StockClusterLow"].Should().Be(0, "the cluster memory was stored with the product");
    }

    [Fact]
    public async Task ReRun_OfTheSameCheck_RaisesNothingNewAndPublishesNothingTwice()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h);
        await h.CheckAsync();
        var outbox = h.Database.OutboxSnapshot().Count;

        var again = await h.CheckAsync();

        again.Events.Total.Should().Be(0);
        h.Database.OutboxSnapshot().Should().HaveCount(outbox);
        h.Publisher.Published.Should().HaveCount(1);
        again.Relay!.Published.Should().Be(0);
    }

    [Fact]
    public async Task CrashAfterCommitBeforeRelay_LosesNothing()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h);

        await h.CheckAsync(relay: false); // the process dies here, after the commit
        h.Publisher.Published.Should().BeEmpty();
        h.Database.OutboxSnapshot().Should().ContainSingle().Which.Status.Should().Be(OutboxStatus.Pending);

        var relay = await h.SendAsync(new RelayOutbox());
        relay.Published.Should().Be(1);
        h.Database.OutboxSnapshot().Single().Status.Should().Be(OutboxStatus.Sent);
        (await h.SendAsync(new RelayOutbox())).Published.Should().Be(0);
        h.Publisher.Published.Should().ContainSingle();
    }

    [Fact]
    public async Task CrashBetweenClaimAndPublish_NextRelayPublishesTheSameEventOnce()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h);
        h.Publisher.Down = true;

        var check = await h.CheckAsync();
        check.Relay!.Error.Should().Contain("Pub/Sub is unreachable");
        h.Database.OutboxSnapshot().Single().Status.Should().Be(OutboxStatus.Pending);

        h.Publisher.Down = false;
        (await h.SendAsync(new RelayOutbox())).Published.Should().Be(1);
        (await h.SendAsync(new RelayOutbox())).Published.Should().Be(0);
        h.Publisher.Published.Should().ContainSingle().Which.EventId.Should().Be(h.Database.OutboxSnapshot().Single().EventId);
    }

    [Fact]
    public async Task FailingMarketplace_LeavesTheOthersResultsStored_AndReportsTheFailure()
    {
        await using var h = new ApplicationHarness();
        var entity = Amodekor(h);
        h.Ozon.FailOn = "fbo";

        var report = await h.CheckAsync();

        report.Succeeded.Should().BeFalse();
        var ozon = report.Marketplaces.Single(m => m.Marketplace == Marketplace.Ozon);
        ozon.Error.Should().Be("ozon POST /fbo: Unavailable (HTTP 500): internal error after 3 retries");
        report.Marketplaces.Single(m => m.Marketplace == Marketplace.Wildberries).Succeeded.Should().BeTrue();
        h.Database.Product(entity.Id, Marketplace.Wildberries, Mug.ToString()).Should().NotBeNull();
        h.Database.Product(entity.Id, Marketplace.Ozon, OzonCup.ToString()).Should().BeNull();

        var run = h.Database.Read(db => db.CheckRuns.Values.Single());
        run.Outcome.Should().Be(CheckOutcome.PartiallyFailed);
        run.Marketplaces[Marketplace.Ozon].Should().Contain("HTTP 500");
        run.Marketplaces[Marketplace.Wildberries].Should().Be("ok");
        run.FinishedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task Orders_AreReadWhileTheCatalogueIsStillComing_AndTheirFailureEndsItAndIsTheOneReported()
    {
        await using var h = new ApplicationHarness();
        var entity = Amodekor(h, withOzon: false);
        h.Wb.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); // the cards never come
        h.Wb.FailOn = "orders";

        var report = await h.CheckAsync().WaitAsync(TimeSpan.FromSeconds(30));

        h.Wb.OrdersAskedSince.Should().ContainSingle("the orders were asked for before the products had come");
        h.Wb.Gate.Task.IsCompleted.Should().BeFalse("the products call was ended by the orders' failure, not by its answer");
        var wb = report.Marketplaces.Single(m => m.Marketplace == Marketplace.Wildberries);
        wb.Error.Should().Be("wb GET /orders: Unavailable (HTTP 500): internal error after 3 retries");
        h.Database.Product(entity.Id, Marketplace.Wildberries, Mug.ToString()).Should().BeNull();
        h.Database.Read(db => db.LegalEntities[entity.Id].Account(Marketplace.Wildberries)!.SalesSyncedThrough).Should().BeNull();
    }

    [Fact]
    public async Task FboStock_IsAskedOnlyForCardsListedWithIt_OrStoredWithIt_SoThatRunningOutIsStillSeen()
    {
        const long Plate = 900000002; // listed without FBO stock, never had any
        const long Bowl = 900000003;  // listed with FBO stock, then listed without it when it runs out
        await using var h = new ApplicationHarness();
        var entity = Amodekor(h);
        Listed(h.Ozon.AddProduct(Plate, "PLATE-OZ", fbo: 0, fbs: 4), hasFbo: false);
        var bowl = Listed(h.Ozon.AddProduct(Bowl, "BOWL-OZ", fbo: 20, fbs: 0), hasFbo: true);
        h.Ozon.AddDailyOrders(Bowl, h.Today.AddDays(-60), h.Today.AddDays(-1), perDay: 1);

        await h.CheckAsync(marketplace: Marketplace.Ozon);
        h.Ozon.FboAsked.Should().ContainSingle().Which.Should().BeEquivalentTo([OzonCup.ToString(), Bowl.ToString()], "a card the list says has none is not asked");

        // The list says the bowl holds none while Ozon's stock report still has it (a flag that lags): stored with
        // stock, it is asked, and nothing is raised from the flag alone.
        h.Time.Advance(TimeSpan.FromDays(1));
        h.Ozon.Products[h.Ozon.Products.IndexOf(bowl)] = bowl with { HasFboStock = false };
        var lagging = await h.CheckAsync(marketplace: Marketplace.Ozon);
        h.Ozon.FboAsked[^1].Should().BeEquivalentTo([OzonCup.ToString(), Bowl.ToString()]);
        lagging.Events["StockFBOOver"].Should().Be(0);

        // Then it runs out: asked again, as it was stored with stock, and the alert is raised.
        h.Time.Advance(TimeSpan.FromDays(1));
        h.Ozon.SetStock(Bowl, fbo: 0, fbs: 0);
        var ranOut = await h.CheckAsync(marketplace: Marketplace.Ozon);
        h.Ozon.FboAsked[^1].Should().BeEquivalentTo([OzonCup.ToString(), Bowl.ToString()]);
        ranOut.Events["StockFBOOver"].Should().Be(1);
        h.Publisher.Published.Should().ContainSingle(m => m.EventType == StockFboOver.TypeName).Which.Attributes["sku"].Should().Be(Bowl.ToString());

        // Stored at 0 and listed without stock: no longer asked, and nothing is raised again.
        h.Time.Advance(TimeSpan.FromDays(1));
        var after = await h.CheckAsync(marketplace: Marketplace.Ozon);
        h.Ozon.FboAsked[^1].Should().BeEquivalentTo([OzonCup.ToString()]);
        after.Events["StockFBOOver"].Should().Be(0);
        h.Database.Product(entity.Id, Marketplace.Ozon, Plate.ToString())!.State.StockFbo.Should().Be(0);

        MarketplaceProduct Listed(MarketplaceProduct product, bool hasFbo)
        {
            var listed = product with { HasFboStock = hasFbo };
            h.Ozon.Products[h.Ozon.Products.IndexOf(product)] = listed;
            return listed;
        }
    }

    [Fact]
    public async Task ExpiredDays_AreForgottenByTheFirstCheckOfABusinessDay_NotByTheChecksAfterIt()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h);

        var report = await h.CheckAsync();
        var first = h.Database.Read(db => db.ExpiryRequests);
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.CheckAsync();
        var sameDay = h.Database.Read(db => db.ExpiryRequests);
        h.Time.Advance(TimeSpan.FromDays(1));
        await h.CheckAsync();
        var nextDay = h.Database.Read(db => db.ExpiryRequests);

        first.Should().Be(report.Products, "the first check asks for every product it stored").And.BeGreaterThan(0);
        sameDay.Should().Be(first, "days expire by the day: a later check of the same day has nothing new to delete");
        nextDay.Should().Be(2 * first, "the next day's first check asks again");
    }

    [Fact]
    public async Task FailingMarketplace_OnALaterCheck_OverwritesNothingAndRaisesNothing()
    {
        await using var h = new ApplicationHarness();
        var entity = Amodekor(h);
        await h.CheckAsync();
        var before = h.Database.Product(entity.Id, Marketplace.Ozon, OzonCup.ToString())!;

        h.Time.Advance(TimeSpan.FromDays(1));
        h.Ozon.SetStock(OzonCup, fbo: 0, fbs: 0); // would raise StockFBOOver, if it were merged
        h.Ozon.FailOn = "orders";
        var report = await h.CheckAsync();

        report.Marketplaces.Single(m => m.Marketplace == Marketplace.Ozon).Succeeded.Should().BeFalse();
        var after = h.Database.Product(entity.Id, Marketplace.Ozon, OzonCup.ToString())!;
        after.State.Should().Be(before.State);
        h.Database.OutboxSnapshot().Should().NotContain(m => m.Attributes["marketplace"] == "ozon");
        h.Database.Read(db => db.LegalEntities[entity.Id].Account(Marketplace.Ozon)!.SalesSyncedThrough)
            .Should().Be(h.Today.AddDays(-1), "a failed sync does not move the sync date");
    }

    [Fact]
    public async Task TwoConcurrentChecks_OfOneLegalEntity_NeverBothRun()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h, withOzon: false);
        h.Wb.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = h.CheckAsync();
        await h.Wb.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = await FluentActions.Awaiting(() => h.CheckAsync()).Should().ThrowAsync<RequestRejectedException>();
        second.Which.Reason.Should().Be(RequestRejection.AlreadyRunning);
        second.Which.Message.Should().Contain("already running");

        h.Wb.Gate.SetResult();
        (await first).Succeeded.Should().BeTrue();
        h.Wb.KeysUsed.Should().HaveCount(1, "the refused check never reached the marketplace");
        (await h.CheckAsync()).Succeeded.Should().BeTrue("the lease is released when the check ends");
    }

    [Fact]
    public async Task CrashedCheck_LeaseExpiresWithinItsTtl_TheRefusalSaysWhoAndUntilWhen_AndItsRunIsClosedAsAbandoned()
    {
        await using var h = new ApplicationHarness();
        var entity = Amodekor(h, withOzon: false);
        var crashedAt = h.Time.GetUtcNow();
        _ = await h.Leases.TryAcquireAsync($"check:{entity.Id:D}", "check 1 on host-a (pid 42)", TimeSpan.FromSeconds(60), CancellationToken.None); // never renewed
        h.Database.Write(db => db.CheckRuns[Guid.Empty] = new CheckRun { Id = Guid.Empty, LegalEntityId = entity.Id, BusinessDate = h.Today, StartedAt = crashedAt });

        var refused = (await FluentActions.Awaiting(() => h.CheckAsync()).Should().ThrowAsync<RequestRejectedException>()).Which;
        refused.Reason.Should().Be(RequestRejection.AlreadyRunning);
        refused.Message.Should().Be($"A check of '{Seller}' is already running: check 1 on host-a (pid 42), its lease held until {crashedAt.AddSeconds(60).UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC and renewed while it runs; try again when it ends.");

        h.Time.Advance(TimeSpan.FromSeconds(61));
        (await h.CheckAsync()).Succeeded.Should().BeTrue("the dead holder's lease expired within its TTL");
        h.Database.Read(db => db.CheckRuns[Guid.Empty]).Outcome.Should().Be(CheckOutcome.Abandoned);
    }

    [Fact]
    public async Task LongCheck_RenewsItsLease_SoThatNobodyElseTakesIt()
    {
        await using var h = new ApplicationHarness();
        var entity = Amodekor(h, withOzon: false);
        h.Wb.Gate = new TaskCompletionSource();
        var first = h.CheckAsync();
        await h.Wb.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        for (var i = 0; i < 9; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(20)); // three minutes: three TTLs
            await Task.Delay(50);
        }

        (await FluentActions.Awaiting(() => h.CheckAsync()).Should().ThrowAsync<RequestRejectedException>())
            .Which.Reason.Should().Be(RequestRejection.AlreadyRunning, "the running check renewed its lease");
        h.Wb.Gate.SetResult();
        (await first).Succeeded.Should().BeTrue();
        (await h.Leases.FindHolderAsync($"check:{entity.Id:D}", default)).Should().BeNull("released when the check ended");
    }

    [Fact]
    public async Task CheckThatLosesItsLease_StopsBeforeItsNextCommit_AndSaysSo()
    {
        await using var h = new ApplicationHarness();
        var entity = Amodekor(h, withOzon: false);
        h.Wb.Gate = new TaskCompletionSource();
        var first = h.CheckAsync();
        await h.Wb.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        h.Leases.TakeOver($"check:{entity.Id:D}", "another check");
        h.Time.Advance(TimeSpan.FromSeconds(20)); // the next renewal finds the lease taken
        await WaitUntilAsync(() => h.Logs.Lines.Any(l => l.Contains("was lost", StringComparison.Ordinal)));
        h.Wb.Gate.SetResult();

        (await FluentActions.Awaiting(() => first).Should().ThrowAsync<ServiceUnavailableException>(string.Join("\n", h.Logs.Lines)))
            .Which.Message.Should().Contain("lost its lease").And.Contain("stopped before its next commit");
        h.Database.Read(db => db.Products.Count).Should().Be(0, "nothing was committed after the lease was lost");
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(2000)]
    public async Task RepositoryRoundTrips_AreBoundedByBatches_NotProducts(int products)
    {
        await using var h = new ApplicationHarness(o => o.BatchSize = 100);
        h.Database.AddLegalEntity(Seller, MarketplaceKey.Wildberries(WbToken));
        for (var i = 1; i <= products; i++)
        {
            h.Wb.AddProduct(100_000 + i, $"V-{i}", fbo: i % 30, fbs: 1);
        }

        await h.CheckAsync(relay: false);
        await h.CheckAsync(relay: false);

        var batches = products / 100;
        h.Database.ProductLoads.Should().Be(2 * batches, "one load per batch per check");
        h.Database.ProductSaves.Should().Be(2 * batches, "one save per batch per check");
        h.Database.Commits.Should().Be(2 * (batches + 3), "a commit per batch plus the run's start, sync date and end");
    }

    [Fact]
    public async Task SalesSync_FetchesSixtyDaysOnFirstSight_ThenFromTheLastSyncedDateMinusThree()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h);
        var day0 = h.Today;

        await h.CheckAsync();
        h.Time.Advance(TimeSpan.FromDays(2));
        await h.CheckAsync();

        h.Wb.OrdersAskedSince.Should().Equal(day0.AddDays(-60), day0.AddDays(-3));
        h.Ozon.OrdersAskedSince.Should().Equal(day0.AddDays(-60), day0.AddDays(-3));
    }

    [Theory]
    [InlineData("", RequestRejection.InvalidInput, "*blank*")]
    [InlineData("   ", RequestRejection.InvalidInput, "*blank*")]
    [InlineData("ООО Нет Такого", RequestRejection.UnknownLegalEntity, "Unknown legal entity 'ООО Нет Такого'.")]
    public async Task BadLegalEntity_IsRefusedWithAClearMessage(string name, RequestRejection reason, string message)
    {
        await using var h = new ApplicationHarness();
        Amodekor(h);

        var refused = await FluentActions.Awaiting(() => h.CheckAsync(name)).Should().ThrowAsync<RequestRejectedException>();

        refused.Which.Reason.Should().Be(reason);
        refused.Which.Message.Should().Match(message);
        h.Database.Read(db => db.CheckRuns.Count).Should().Be(0);
    }

    [Fact]
    public async Task OverLongName_IsRefusedAsInvalidInput()
    {
        await using var h = new ApplicationHarness();
        (await FluentActions.Awaiting(() => h.CheckAsync(new string('Я', 201))).Should().ThrowAsync<RequestRejectedException>())
            .Which.Reason.Should().Be(RequestRejection.InvalidInput);
    }

    [Fact]
    public async Task MarketplaceWithoutKey_IsRefusedNamingIt()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h, withOzon: false);

        var refused = await FluentActions.Awaiting(() => h.CheckAsync(marketplace: Marketplace.Ozon)).Should().ThrowAsync<RequestRejectedException>();

        refused.Which.Reason.Should().Be(RequestRejection.MissingKey);
        refused.Which.Message.Should().Be("Legal entity 'ООО Амодекор' has no ozon key.");
    }

    [Fact]
    public async Task LegalEntityWithoutKeys_IsRefused()
    {
        await using var h = new ApplicationHarness();
        h.Database.AddLegalEntity("ООО Пусто");

        (await FluentActions.Awaiting(() => h.CheckAsync("ООО Пусто")).Should().ThrowAsync<RequestRejectedException>())
            .Which.Message.Should().Contain("no marketplace keys");
    }

    [Fact]
    public async Task OneMarketplaceAskedFor_OnlyItIsChecked()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h);

        var report = await h.CheckAsync(marketplace: Marketplace.Ozon);

        report.Marketplaces.Select(m => m.Marketplace).Should().Equal(Marketplace.Ozon);
        h.Wb.KeysUsed.Should().BeEmpty();
        h.Ozon.KeysUsed.Should().ContainSingle().Which.ClientId.Should().Be("123456");
    }

    [Fact]
    public async Task Logs_OfChecksThatFail_NeverShowAKey()
    {
        await using var h = new ApplicationHarness();
        Amodekor(h);
        h.Ozon.FailOn = "products";
        h.Publisher.Down = true;

        await h.CheckAsync();

        h.Logs.Lines.Should().NotBeEmpty();
        h.Logs.Lines.Should().NotContain(l => l.Contains(WbToken, StringComparison.Ordinal) || l.Contains(OzonApiKey, StringComparison.Ordinal));
        MarketplaceKey.Wildberries(WbToken).ToString().Should().NotContain(WbToken).And.EndWith("6789");
    }

    private static JsonElement Json(OutboxMessage message) => JsonDocument.Parse(message.Payload).RootElement;

    private static long SalesForPeriod(OutboxMessage message)
    {
        var root = Json(message);
        return root.TryGetProperty("data", out var data)
            ? data.GetProperty("notification").GetProperty("sales_for_period").GetInt64()
            : root.GetProperty("sales_for_period").GetInt64();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        condition().Should().BeTrue("it happens within five seconds");
    }
}
