using System.Text.Json;
using Stock.Hosts.Console;
using Stock.Simulation;
using Stock.Infrastructure.Persistence;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Hosts;

/// <summary>The real <c>stock</c> entry point, command by command, on the embedded default against the simulated marketplaces.</summary>
public sealed class ConsoleTests : IAsyncLifetime
{
    private const string Seller = "ООО Амодекор";
    private const string Token = "wb-console-token-SECRET-42";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"stock-cli-{Guid.NewGuid():N}");
    private SimulatedMarketplaces _sim = null!;
    private Dictionary<string, string?> _environment = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _sim = await SimulatedMarketplaces.StartAsync();
        var seller = _sim.AddSeller(Seller, Token, "123456", "ozon-console-SECRET");
        seller.AddWbProduct(211111111, "MUG-RED-300", "Кружка керамическая 300 мл", fbo: 3, fbs: 2, DateTimeOffset.UtcNow.AddDays(-100));
        for (var day = 60; day >= 1; day--)
        {
            seller.AddWbOrders(211111111, _sim.Today.AddDays(-day).ToDateTime(new TimeOnly(12, 0)), 2);
        }

        _environment = new Dictionary<string, string?>(_sim.ConfigurationValues())
        {
            ["ConnectionStrings__Stock"] = $"Data Source={Path.Combine(_dir, "stock.db")}",
            ["Stock__Events__File"] = Path.Combine(_dir, "events.jsonl"),
            ["Stock__Culture"] = "en-US", // the commands' behaviour, read in English; LocalizationTests reads both languages
        };
    }

    public async Task DisposeAsync()
    {
        await _sim.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var (exit, output, _) = await RunAsync("--help");

        exit.Should().Be(0);
        output.Should().ContainAll("check", "keys", "report", "relay", "migrate");
        output.Should().NotContain("demo", "the demo is a host of its own (stock-demo), so that the production console holds no simulator");
        (await RunAsync("keys", "set", "--help")).Output.Should().ContainAll("--legal-entity", "--marketplace", "--token", "--client-id", "--api-key");
    }

    [Fact]
    public async Task Migrate_CreatesTheSchema()
    {
        var (exit, output, error) = await RunAsync("migrate");

        exit.Should().Be(0, error);
        output.Should().Contain("is up to date");
        File.Exists(Path.Combine(_dir, "stock.db")).Should().BeTrue();
    }

    [Fact]
    public async Task KeysSetThenList_StoresTheKey_AndNeverEchoesIt()
    {
        var set = await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token);
        var ozon = await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "ozon", "--client-id", "123456", "--api-key", "ozon-console-SECRET");
        var list = await RunAsync("keys", "list");

        set.Exit.Should().Be(0, set.Error);
        ozon.Exit.Should().Be(0, ozon.Error);
        list.Exit.Should().Be(0);
        list.Output.Should().Contain(Seller).And.Contain("****T-42").And.Contain("client 123456");
        (set.Output + set.Error + ozon.Output + list.Output).Should().NotContain(Token).And.NotContain("ozon-console-SECRET");
    }

    [Theory]
    [InlineData(new[] { "keys", "set", "--legal-entity", Seller, "--marketplace", "ozon", "--client-id", "123456" }, "stock: An ozon key needs --api-key.")]
    [InlineData(new[] { "keys", "set", "--legal-entity", Seller, "--marketplace", "wb" }, "stock: A wb key needs --token.")]
    [InlineData(new[] { "check", "--legal-entity", "ООО Нет Такого" }, "stock: Unknown legal entity 'ООО Нет Такого'.")]
    [InlineData(new[] { "check", "--legal-entity", "   " }, "stock: Legal entity name is missing or blank.")]
    [InlineData(new[] { "check", "--legal-entity", Seller, "--marketplace", "ozon" }, "stock: Legal entity 'ООО Амодекор' has no ozon key.")]
    [InlineData(new[] { "report", "--legal-entity", "ООО Нет Такого" }, "stock: Unknown legal entity 'ООО Нет Такого'.")]
    [InlineData(new[] { "rules", "set", "--legal-entity", Seller, "--marketplace", "wb", "--sku", "999", "--pack", "6" }, "stock: 'ООО Амодекор' has no product wb:999: a check stores it first.")]
    [InlineData(new[] { "rules", "set", "--legal-entity", Seller, "--marketplace", "wb", "--sku", "abc" }, "stock: Sku 'abc' of wb is not a positive number.")]
    [InlineData(new[] { "rules", "set", "--legal-entity", Seller, "--marketplace", "yandex", "--sku", "1" }, "stock: Unknown marketplace 'yandex': expected 'wb' or 'ozon'.")]
    [InlineData(new[] { "rules", "set", "--legal-entity", Seller, "--marketplace", "wb", "--sku", "1", "--off", "--on" }, "stock: give --off or --on, not both. (see 'stock --help')")]
    public async Task BadInput_ExitsTwo_WithOneClearLine(string[] args, string message)
    {
        await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token);

        var (exit, _, error) = await RunAsync(args);

        exit.Should().Be(2);
        error.TrimEnd().Should().Be(message);
    }

    [Theory]
    [InlineData("check", "--legal-entity", Seller, "--marketplace", "amazon")]
    [InlineData("check")]
    [InlineData("report", "--legal-entity", Seller, "--format", "xml")]
    [InlineData("frobnicate")]
    public async Task MalformedCommandLine_ExitsTwo_WithOneLine(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        exit.Should().Be(2);
        error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("stock: ");
    }

    [Fact]
    public async Task MalformedDatabaseUrl_ExitsTwo_NamingIt()
    {
        _environment.Remove("ConnectionStrings__Stock");
        _environment["DATABASE_URL"] = "postgres://u:hunter2@h/db";

        var (exit, _, error) = await RunAsync("migrate");

        exit.Should().Be(2);
        error.TrimEnd().Should().Be("stock: DATABASE_URL has scheme 'postgres': expected mysql://user:password@host:port/database or mysql://user:password@/database?unix_socket=/path.");
    }

    [Trait("Needs", "Services")]
    [Fact]
    public async Task Check_ThroughCloudSqlsUnixSocket_DatabaseUrlWithoutAHost_StoresAndReports()
    {
        // Cloud Run mounts a Cloud SQL instance as /cloudsql/PROJECT:REGION:INSTANCE: MariaDB's socket under such a name.
        var instance = Path.Combine(_dir, "cloudsql", "stock-test:europe-west1:stock");
        Directory.CreateDirectory(Path.GetDirectoryName(instance)!);
        File.CreateSymbolicLink(instance, TestDatabase.MySqlSocket);
        var server = TestDatabase.MySqlServer;
        var database = await TestDatabase.CreateMySqlDatabaseAsync(server);
        try
        {
            var login = new MySqlConnector.MySqlConnectionStringBuilder(server);
            _environment.Remove("ConnectionStrings__Stock");
            _environment["DATABASE_URL"] = $"mysql://{login.UserID}:{Uri.EscapeDataString(login.Password)}@/{database}?unix_socket={instance}";
            _environment["Stock__Secrets__Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

            (await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token)).Exit.Should().Be(0);
            var (exit, output, error) = await RunAsync("check", "--legal-entity", Seller);
            var report = await RunAsync("report", "--legal-entity", Seller, "--format", "csv");

            exit.Should().Be(0, error);
            output.Should().Contain("LowOnStock");
            report.Output.Should().Contain("MUG-RED-300", "the check stored its products through the socket");
            File.Exists(Path.Combine(_dir, "stock.db")).Should().BeFalse("DATABASE_URL chose MySQL, not the SQLite default");
        }
        finally
        {
            await TestDatabase.DropMySqlDatabaseAsync(server, database);
        }
    }

    [Fact]
    public async Task Rules_SetOnAStoredProduct_KeepsWhatIsNotGiven_ListShowsIt_AndOutOfRangeIsRefused()
    {
        await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token);
        (await RunAsync("check", "--legal-entity", Seller)).Exit.Should().Be(0);

        var set = await RunAsync("rules", "set", "--legal-entity", Seller, "--marketplace", "wb", "--sku", "211111111", "--ship-lead-days", "14", "--pack", "12");
        var more = await RunAsync("rules", "set", "--legal-entity", Seller, "--marketplace", "wb", "--sku", "211111111", "--off");
        var bad = await RunAsync("rules", "set", "--legal-entity", Seller, "--marketplace", "wb", "--sku", "211111111", "--reorder-lead-days", "400");
        var list = await RunAsync("rules", "list");

        set.Exit.Should().Be(0, set.Error);
        set.Output.Should().Contain("wb:211111111 supply settings stored (ship lead days 14, reorder lead days default, pack 12, supply alerts on)");
        more.Output.Should().Contain("ship lead days 14, reorder lead days default, pack 12, supply alerts off", "the parts not given stay");
        (bad.Exit, bad.Error.TrimEnd()).Should().Be((2, "stock: A lead time must be between 0 and 365 days, not 400."));
        Words(list.Output, Seller).Should().Equal([.. Seller.Split(' '), "wb", "211111111", "14", "default", "12", "off"]);
    }

    [Fact]
    public async Task Check_PrintsTheSummary_WritesTheEvents_ThenReportAndRelayWork()
    {
        await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token);

        var check = await RunAsync("check", "--legal-entity", Seller);

        check.Exit.Should().Be(0, check.Error);
        check.Output.Should().Contain($"{Seller}: check of").And.Contain("LowOnStock").And.Contain("relay: 3 published");
        Words(check.Output, "marketplace").Should().Equal(["marketplace", "result", "products", "LowOnStock", "StockFBOOver", "StockFBOReceived", "StockClusterLow", "SupplyDue"], "the table's columns are pinned, one per alert type of the catalogue");
        Words(check.Output, "total").Should().Equal(["total", "ok", "1", "1", "0", "0", "0", "2"], "5 left of 2 a day: a ship and a reorder are due");
        var events = await File.ReadAllLinesAsync(Path.Combine(_dir, "events.jsonl"));
        events.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("topic").GetString()).Should().BeEquivalentTo(["low_on_stock", "supply_due", "supply_due"]);

        var table = await RunAsync("report", "--legal-entity", Seller);
        table.Exit.Should().Be(0);
        table.Output.Should().Contain("211111111").And.Contain("MUG-RED-300").And.Contain("sent_6 on");
        var json = await RunAsync("report", "--legal-entity", Seller, "--format", "json");
        JsonDocument.Parse(json.Output).RootElement[0].GetProperty("sales_30_days").GetInt64().Should().Be(60, "one name in every format");
        var csv = await RunAsync("report", "--legal-entity", Seller, "--format", "csv");
        csv.Output.Split('\n')[0].Should().StartWith("marketplace,sku,vendor_code,name,stock_fbo,stock_fbs,status,sales_30_days");
        (await RunAsync("relay")).Output.Should().Contain("relay: 0 published");
    }

    [Fact]
    public async Task Check_WhenAMarketplaceFails_ExitsOne_AndSaysWhich()
    {
        await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token);
        _sim.AddFault("/content/v2/get/cards/list", SimulatedFault.Unauthorized);

        var (exit, output, _) = await RunAsync("check", "--legal-entity", Seller);

        exit.Should().Be(1);
        output.Should().Contain("wb failed: wb POST /content/v2/get/cards/list: Unauthorized (HTTP 401)").And.NotContain(Token);
    }

    [Fact]
    public async Task Check_WhileAnotherRuns_ExitsThree()
    {
        await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token);
        var contexts = new StockDbContextFactory(new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(_dir, "stock.db")}" });
        Guid id;
        await using (var db = contexts.Create())
        {
            id = db.LegalEntities.Single().Id;
        }

        using var leases = new SqliteLeaseStore(contexts.Options, TimeProvider.System); // the embedded default's leases
        await using var held = await leases.TryAcquireAsync($"check:{id:D}", "check 7 on host-b (pid 9)", TimeSpan.FromMinutes(5), default);

        var (exit, _, error) = await RunAsync("check", "--legal-entity", Seller);

        exit.Should().Be(3);
        error.TrimEnd().Should().StartWith($"stock: A check of '{Seller}' is already running: check 7 on host-b (pid 9), its lease held until ").And.EndWith(" UTC and renewed while it runs; try again when it ends.");
    }

    [Fact]
    public async Task KeysSet_ACopyOfTheDatabaseHoldsNoKey_TheKeyFileIsTheOwnersOnly_AndRotationMovesToANewKey()
    {
        (await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token)).Exit.Should().Be(0);
        (await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "ozon", "--client-id", "123456", "--api-key", "ozon-console-SECRET")).Exit.Should().Be(0);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        foreach (var file in Directory.GetFiles(_dir, "stock.db*").Where(f => !f.EndsWith(".key", StringComparison.Ordinal)))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            System.Text.Encoding.UTF8.GetString(bytes).Should().NotContain("SECRET", $"{Path.GetFileName(file)} is a copy of the database");
        }

        var keyFile = Path.Combine(_dir, "stock.db.key");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(keyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        (await RunAsync("check", "--legal-entity", Seller, "--marketplace", "wb")).Exit.Should().Be(0, "the stored key decrypts and works");

        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        _environment["Stock__Secrets__Key"] = newKey;
        _environment["Stock__Secrets__PreviousKeys"] = await File.ReadAllTextAsync(keyFile);
        var rotate = await RunAsync("keys", "rotate-encryption");
        _environment.Remove("Stock__Secrets__PreviousKeys");
        var list = await RunAsync("keys", "list");

        rotate.Exit.Should().Be(0, rotate.Error);
        rotate.Output.TrimEnd().Should().Be("keys: 2 re-encrypted under the current encryption key");
        list.Exit.Should().Be(0, "the new key alone reads every key: " + list.Error);
        list.Output.Should().Contain("****T-42").And.NotContain(Token);
    }

    [Theory]
    [InlineData("--Stock:Concurrency=abc", "stock: setting Stock:Concurrency is not a valid whole number.")]
    [InlineData("--Stock:Rules:DedupWindow=soon", "stock: setting Stock:Rules:DedupWindow is not a valid time span (hh:mm:ss).")]
    public async Task MistypedSetting_ExitsTwo_WithOneLineNamingIt(string setting, string message)
    {
        await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token);

        var (exit, output, error) = await RunAsync("check", "--legal-entity", Seller, setting);

        exit.Should().Be(2);
        error.TrimEnd().Should().Be(message);
        output.Should().BeEmpty();
    }

    [Theory]
    [InlineData("ООО Амодекор\nDROP TABLE")]
    [InlineData("ООО \u001b[2JАмодекор")]
    public async Task KeysSet_NameWithControlCharacters_ExitsTwo_AndStoresNothing(string escaped)
    {
        var name = System.Text.RegularExpressions.Regex.Unescape(escaped);

        var (exit, _, error) = await RunAsync("keys", "set", "--legal-entity", name, "--marketplace", "wb", "--token", Token);

        exit.Should().Be(2);
        error.TrimEnd().Should().Be("stock: Legal entity name contains a control character (a line break, tab, escape or format character).");
        (await RunAsync("keys", "list")).Output.Should().NotContain("DROP").And.NotContain("\u001b");
    }

    [Theory]
    [InlineData("wb", "--token", "токен-не-ascii-123", "stock: The token has a character that is not printable ASCII (position 1); paste it again exactly as the marketplace shows it.")]
    [InlineData("ozon", "--client-id", "99999999999999999999", "stock: The Ozon client id must be a positive number of at most 19 digits.")]
    public async Task KeysSet_KeyThatCouldNeverWork_ExitsTwo(string marketplace, string option, string value, string message)
    {
        string[] args = marketplace == "wb"
            ? ["keys", "set", "--legal-entity", Seller, "--marketplace", "wb", option, value]
            : ["keys", "set", "--legal-entity", Seller, "--marketplace", "ozon", option, value, "--api-key", "ozon-console-SECRET"];

        var (exit, _, error) = await RunAsync(args);

        exit.Should().Be(2);
        error.TrimEnd().Should().Be(message);
        (await RunAsync("keys", "list")).Output.Should().NotContain(Seller);
    }

    [Fact]
    public async Task Check_WhenAMarketplaceFails_StdoutHoldsOnlyTheSummary_AndReportJsonStillParses()
    {
        await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token);
        _sim.AddFault("/content/v2/get/cards/list", SimulatedFault.ServerError, times: 100);

        var check = await RunAsync("check", "--legal-entity", Seller, "--Stock:Marketplaces:MaxRetries=1");
        var report = await RunAsync("report", "--legal-entity", Seller, "--format", "json");

        check.Exit.Should().Be(1);
        check.Output.Should().NotContain("fail:").And.NotContain("warn:").And.NotContain("   at ");
        check.Error.TrimEnd().Should().Be("stock: wb failed; what succeeded is stored");
        JsonDocument.Parse(report.Output).RootElement.GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Check_WithRedisUnreachable_ExitsOne_WithOneLineNamingRedis()
    {
        await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token);
        var port = TestServices.FreePort();
        _environment["REDIS_URL"] = $"redis://127.0.0.1:{port}";

        var (exit, _, error) = await RunAsync("check", "--legal-entity", Seller);

        exit.Should().Be(1);
        error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith($"stock: Redis at 127.0.0.1:{port} does not answer");
    }

    [Trait("Needs", "Services")]
    [Fact]
    public async Task Check_WhenRedisDiesMidCheck_PrintsWhatWasCommitted_OneLineNamingRedis_ExitsOne()
    {
        using var redis = new PrivateRedis();
        await redis.StartAsync();
        _environment["REDIS_URL"] = $"redis://{redis.Configuration}";
        await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token);
        _sim.AddFault("/api/v1/supplier/orders", SimulatedFault.Slow, delay: TimeSpan.FromSeconds(2));
        var inTheCheck = _sim.WhenRequested("/api/v1/supplier/orders");

        var check = RunAsync("check", "--legal-entity", Seller);
        await inTheCheck.WaitAsync(TimeSpan.FromSeconds(60)); // the check waits on the slow orders
        redis.Stop();
        var (exit, output, error) = await check;

        exit.Should().Be(1);
        output.Should().Contain($"{Seller}: check of").And.Contain("relay: 0 published");
        error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should()
            .Be($"stock: 3 events wait in the outbox for the next relay: Redis at {redis.Configuration} does not answer: " + error.Split("does not answer: ")[1].TrimEnd());
        (await RunAsync("report", "--legal-entity", Seller)).Output.Should().Contain("211111111", "the check committed before Redis died");
    }

    [Trait("Needs", "Services")]
    [Fact]
    public async Task Check_WhenThePubSubTopicIsMissing_ExitsOne_NamingWhatIsPending()
    {
        await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token);
        _environment["PROJECT_ID"] = TestServices.PubSubProject;
        _environment["PUBSUB_EMULATOR_HOST"] = TestServices.PubSubEmulator;
        _environment["Stock__PubSub__Topics__LowOnStock"] = $"missing_{Guid.NewGuid():N}";

        var (exit, output, error) = await RunAsync("check", "--legal-entity", Seller);

        exit.Should().Be(1);
        output.Should().Contain("LowOnStock");
        error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("stock: 3 events wait in the outbox for the next relay: ").And.Contain("missing_").And.Contain("404");
    }

    [Fact]
    public async Task CheckAll_TwoShards_CoverThreeLegalEntitiesExactlyOnce()
    {
        string[] sellers = [Seller, "ООО Ромашка", "ИП Петров"];
        for (var i = 1; i < sellers.Length; i++)
        {
            var token = $"wb-shard-token-{i}-0000000000";
            _sim.AddSeller(sellers[i], token, $"77777{i}", $"ozon-shard-key-{i}").AddWbProduct(311111110 + i, $"V-{i}", $"Товар {i}", fbo: 20, fbs: 0, DateTimeOffset.UtcNow.AddDays(-30));
            (await RunAsync("keys", "set", "--legal-entity", sellers[i], "--marketplace", "wb", "--token", token)).Exit.Should().Be(0);
        }

        (await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token)).Exit.Should().Be(0);

        var first = await RunAsync("check", "--all", "--shard", "0/2");
        _environment["CLOUD_RUN_TASK_INDEX"] = "1";
        _environment["CLOUD_RUN_TASK_COUNT"] = "2";
        var second = await RunAsync("check", "--all");

        first.Exit.Should().Be(0, first.Error);
        second.Exit.Should().Be(0, second.Error);
        first.Output.Should().StartWith("Shard 0/2:");
        Words(first.Output, "legal entity").Should().Equal(["legal", "entity", "result", "products", "LowOnStock", "StockFBOOver", "StockFBOReceived", "StockClusterLow", "SupplyDue"], "the table's columns are pinned, one per alert type of the catalogue");
        second.Output.Should().StartWith("Shard 1/2:", "a Cloud Run job task reads its index and count");
        var covered = sellers.Select(s => (Name: s, First: first.Output.Contains(s, StringComparison.Ordinal), Second: second.Output.Contains(s, StringComparison.Ordinal))).ToList();
        covered.Should().OnlyContain(c => c.First ^ c.Second, "each legal entity is in exactly one shard");
        (await RunAsync("report", "--legal-entity", "ИП Петров")).Output.Should().Contain("311111112");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task AMissingKeyFile_IsRefusedNamingIt_NeverReplaced_AndOneOthersMayRead_IsRefusedWithTheFix()
    {
        (await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token)).Exit.Should().Be(0);
        var keyFile = Path.Combine(_dir, "stock.db.key");
        var original = await File.ReadAllTextAsync(keyFile);

        File.Move(keyFile, keyFile + ".moved");
        var missing = await RunAsync("keys", "list");
        var check = await RunAsync("check", "--legal-entity", Seller);

        (missing.Exit, missing.Error.TrimEnd()).Should().Be((2, $"stock: The key file {keyFile} is missing, but {Path.Combine(_dir, "stock.db")} holds marketplace keys encrypted with it: restore the file (a new one would make every stored key unreadable), or give that key in Stock:Secrets:Key."));
        (check.Exit, check.Error.TrimEnd()).Should().Be((2, missing.Error.TrimEnd()));
        File.Exists(keyFile).Should().BeFalse("a new key file would make every stored key unreadable");

        File.Move(keyFile + ".moved", keyFile);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var readable = await RunAsync("keys", "list");

        (readable.Exit, readable.Error.TrimEnd()).Should().Be((2, $"stock: The key file {keyFile} may be read by others (mode 644): make it its owner's only, `chmod 600 {keyFile}`."));
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (await RunAsync("keys", "list")).Output.Should().Contain("****T-42", "the restored file reads every key");
        (await File.ReadAllTextAsync(keyFile)).Should().Be(original);
    }

    [Fact]
    public async Task AKeyThatCannotBeDecrypted_FailsItsLegalEntityAlone_ByName_CheckAllGoesOn_AndKeysListMarksIt()
    {
        string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var (old, current) = (NewKey(), NewKey());
        _sim.AddSeller("ИП Орлов", "wb-orlov-token-0001", "888888", "ozon-orlov-key").AddWbProduct(611111111, "CUP", "Чашка", fbo: 30, fbs: 0, DateTimeOffset.UtcNow.AddDays(-100));
        _environment["Stock__Secrets__Key"] = old;
        (await RunAsync("keys", "set", "--legal-entity", "ИП Орлов", "--marketplace", "wb", "--token", "wb-orlov-token-0001")).Exit.Should().Be(0);
        _environment["Stock__Secrets__Key"] = current; // the old key is lost: ИП Орлов's key was stored under it
        (await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token)).Exit.Should().Be(0);

        var all = await RunAsync("check", "--all");
        var one = await RunAsync("check", "--legal-entity", "ИП Орлов");
        var list = await RunAsync("keys", "list");

        all.Exit.Should().Be(1, "one legal entity failed: " + all.Error);
        Words(all.Output, Seller.Split(' ')[0]).Should().StartWith([.. Seller.Split(' '), "ok"], "the other legal entity was checked");
        all.Output.Should().Contain("ИП Орлов failed: The wb key of 'ИП Орлов' was encrypted with encryption key '").And.Contain("which is neither Stock:Secrets:Key nor one of Stock:Secrets:PreviousKeys.");
        all.Error.TrimEnd().Should().Be("stock: 1 of 2 legal entities failed; what succeeded is stored");
        (one.Exit, one.Error.TrimEnd()).Should().Be((2, "stock: " + all.Output.Split("ИП Орлов failed: ")[1].Split('\n')[0]));
        list.Exit.Should().Be(0, "the operator must see which key it is: " + list.Error);
        list.Output.Split('\n').Single(l => l.StartsWith("ИП Орлов", StringComparison.Ordinal)).Should().Contain("cannot be decrypted");
        list.Output.Should().Contain("****T-42", "the readable key is listed as ever");
    }

    [Fact]
    public async Task HealthEvents_AKeyExpiringInFiveDays_AndAKeyTheMarketplaceRejects_EachOncePerWindow_WhileOzonRuns()
    {
        var expires = DateTimeOffset.UtcNow.AddDays(5).AddHours(1);
        var jwt = SimulatedMarketplaces.WbJwt(expires);
        _sim.AddSeller("ИП Сидоров", jwt, "555555", "ozon-health-key").AddOzonProduct(900000009, "CUP", 1700000009, "Чашка", fbo: 3, fbsPresent: 0);
        (await RunAsync("keys", "set", "--legal-entity", "ИП Сидоров", "--marketplace", "wb", "--token", jwt)).Exit.Should().Be(0);
        (await RunAsync("keys", "set", "--legal-entity", "ИП Сидоров", "--marketplace", "ozon", "--client-id", "555555", "--api-key", "ozon-health-key")).Exit.Should().Be(0);
        _sim.AddFault("/wb-content/content/v2/get/cards/list", SimulatedFault.Unauthorized, times: 2);

        var first = await RunAsync("check", "--legal-entity", "ИП Сидоров");
        var second = await RunAsync("check", "--legal-entity", "ИП Сидоров");

        first.Exit.Should().Be(1, "the WB key was rejected");
        first.Output.Should().Contain("ozon").And.Contain("wb failed");
        var health = (await File.ReadAllLinesAsync(Path.Combine(_dir, "events.jsonl")))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("topic").GetString() == "stock_health")
            .ToList();
        health.Should().HaveCount(2, "one of each kind, the second check deduplicated within the window");
        var expiring = health.Single(e => e.GetProperty("attributes").GetProperty("event_type").GetString() == "MarketplaceKeyExpiring").GetProperty("data").GetProperty("data").GetProperty("health");
        expiring.GetProperty("kind").GetString().Should().Be("key_expiring");
        expiring.GetProperty("days_left").GetInt32().Should().Be(5);
        expiring.GetProperty("expires_at").GetString().Should().Be(expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var lost = health.Single(e => e.GetProperty("attributes").GetProperty("event_type").GetString() == "MarketplaceAccessLost");
        lost.GetProperty("attributes").GetProperty("marketplace").GetString().Should().Be("wb");
        var body = lost.GetProperty("data").GetProperty("data").GetProperty("health");
        body.GetProperty("kind").GetString().Should().Be("access_lost");
        body.GetProperty("status").GetInt32().Should().Be(401);
        body.GetProperty("message").GetString().Should().Contain("Unauthorized");
        string.Join('\n', health.Select(h => h.GetRawText())).Should().NotContain(jwt[..20]).And.NotContain(jwt[^20..]);
        second.Exit.Should().Be(1);
        second.Output.Should().Contain("relay: 0 published", "the same events of the same day are not raised twice");
        var list = await RunAsync("keys", "list");
        var wb = list.Output.Split('\n').Single(l => l.StartsWith("ИП Сидоров", StringComparison.Ordinal) && l.Contains(" wb ", StringComparison.Ordinal));
        wb.Should().Contain(expires.UtcDateTime.ToString("d", System.Globalization.CultureInfo.GetCultureInfo("en-US")), "the expiry read from the token")
            .And.Contain("Unauthorized (HTTP 401)", "the last failure").And.NotContain(jwt[..12]);
        var ozon = list.Output.Split('\n').Single(l => l.StartsWith("ИП Сидоров", StringComparison.Ordinal) && l.Contains(" ozon ", StringComparison.Ordinal));
        ozon.Should().Contain(DateTimeOffset.UtcNow.UtcDateTime.ToString("d", System.Globalization.CultureInfo.GetCultureInfo("en-US")), "the last success");
    }

    [Fact]
    public async Task OnACloudRunJob_LogsAreCloudLoggingJsonOnStderr_AndStdoutStaysTheOutput()
    {
        (await RunAsync("keys", "set", "--legal-entity", Seller, "--marketplace", "wb", "--token", Token)).Exit.Should().Be(0);
        _environment["CLOUD_RUN_JOB"] = "stock-check-all";

        var (exit, output, error) = await RunAsync("check", "--all");

        exit.Should().Be(0, error);
        output.Should().StartWith("Shard 0/1:");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().NotBeEmpty();
        foreach (var line in lines)
        {
            var json = JsonDocument.Parse(line).RootElement;
            json.GetProperty("severity").GetString().Should().BeOneOf("INFO", "WARNING", "ERROR", "CRITICAL");
            json.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        }

        lines.Should().Contain(l => l.Contains("\"message\":\"Checking ООО Амодекор for", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "check", "--all", "--legal-entity", Seller }, "stock: give either --legal-entity <name> or --all.")]
    [InlineData(new[] { "check", "--legal-entity", Seller, "--shard", "0/2" }, "stock: --shard goes with --all.")]
    [InlineData(new[] { "check", "--all", "--shard", "2/2" }, "stock: --shard '2/2' is not i/n with 0 <= i < n")]
    public async Task CheckAll_Misused_ExitsTwo_WithOneLine(string[] args, string message)
    {
        var (exit, _, error) = await RunAsync(args);

        exit.Should().Be(2);
        error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith(message);
    }

    // The words of the first line of output that starts with <paramref name="start"/>.
    private static string[] Words(string output, string start) =>
        output.Split('\n').First(l => l.StartsWith(start, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await StockCli.RunAsync(args, output, error, _environment, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
