using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Stock.Tests.Fixtures;

/// <summary>The Redis and Pub/Sub emulator that <c>scripts/test.sh</c> starts; a clear failure when they are not there.</summary>
internal static class TestServices
{
    public const string PubSubProject = "stock-test";

    public static string Redis =>
        Environment.GetEnvironmentVariable("STOCK_TEST_REDIS")
        ?? throw new InvalidOperationException("STOCK_TEST_REDIS is not set: run the tests with ./scripts/test.sh, which starts Redis.");

    public static string PubSubEmulator =>
        Environment.GetEnvironmentVariable("STOCK_TEST_PUBSUB_EMULATOR")
        ?? throw new InvalidOperationException("STOCK_TEST_PUBSUB_EMULATOR is not set: run the tests with ./scripts/test.sh, which starts the Pub/Sub emulator.");

    /// <summary>A loopback port that nothing listens on.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Topics and subscriptions on the emulator, made per test, and pulling what was published.</summary>
internal sealed class EmulatorTopics(string suffix) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://{TestServices.PubSubEmulator}/v1/projects/{TestServices.PubSubProject}/") };

    public string Topic(string name) => $"{name}_{suffix}";

    public async Task CreateAsync(params string[] names)
    {
        foreach (var name in names)
        {
            (await _http.PutAsync($"topics/{Topic(name)}", new StringContent("{}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            var subscription = JsonContent.Create(new { topic = $"projects/{TestServices.PubSubProject}/topics/{Topic(name)}", ackDeadlineSeconds = 30 });
            (await _http.PutAsync($"subscriptions/{Topic(name)}_sub", subscription)).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Pulls until <paramref name="expected"/> messages arrived or 20 seconds passed, acknowledging them.</summary>
    public async Task<List<(JsonElement Data, Dictionary<string, string> Attributes)>> PullAsync(string name, int expected)
    {
        var received = new List<(JsonElement, Dictionary<string, string>)>();
        var clock = Stopwatch.StartNew();
        while (received.Count < expected && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var response = await _http.PostAsJsonAsync($"subscriptions/{Topic(name)}_sub:pull", new { maxMessages = 100, returnImmediately = true });
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (!body.TryGetProperty("receivedMessages", out var messages) || messages.GetArrayLength() == 0)
            {
                await Task.Delay(200);
                continue;
            }

            var ackIds = new List<string>();
            foreach (var message in messages.EnumerateArray())
            {
                ackIds.Add(message.GetProperty("ackId").GetString()!);
                var payload = message.GetProperty("message");
                var data = JsonDocument.Parse(Convert.FromBase64String(payload.GetProperty("data").GetString()!)).RootElement.Clone();
                var attributes = payload.TryGetProperty("attributes", out var a)
                    ? a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
                    : [];
                received.Add((data, attributes));
            }

            (await _http.PostAsJsonAsync($"subscriptions/{Topic(name)}_sub:acknowledge", new { ackIds })).EnsureSuccessStatusCode();
        }

        return received;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A private redis-server on its own port, that a test can stop and start again (an outage).</summary>
internal sealed class PrivateRedis : IDisposable
{
    private Process? _process;

    public int Port { get; } = TestServices.FreePort();

    public string Configuration => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("redis-server", $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not start on port {Port}.");
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}

/// <summary>A loopback port that, once started, forwards every connection to a real service: the service "comes back up".</summary>
internal sealed class TcpForwarder(string target) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;

    public int Port { get; } = TestServices.FreePort();

    public string Address => $"127.0.0.1:{Port}";

    public void Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener?.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var parts = target.Split(':');
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener!.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (inbound)
                using (var outbound = new TcpClient())
                {
                    await outbound.ConnectAsync(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                    var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), _stop.Token);
                    var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), _stop.Token);
                    await Task.WhenAny(a, b);
                }
            });
        }
    }
}
