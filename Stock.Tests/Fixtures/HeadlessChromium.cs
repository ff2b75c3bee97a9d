using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Stock.Tests.Fixtures;

/// <summary>
/// Debian's headless Chromium (installed by <c>scripts/test.sh</c>), driven over the DevTools protocol: open a page,
/// collect every console error and uncaught exception, evaluate expressions, take a screenshot.
/// </summary>
internal sealed partial class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _calls = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _profile;
    private int _nextId;
    private string? _session;
    private Task? _reader;
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Console errors, uncaught exceptions and error log entries of the page.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public static async Task<HeadlessChromium> StartAsync()
    {
        var binary = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
            : throw new InvalidOperationException("/usr/bin/chromium is missing: run the tests with ./scripts/test.sh, which installs Debian's chromium.");
        var profile = Directory.CreateTempSubdirectory("stock-chromium-").FullName;
        var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--remote-debugging-port=0", "--window-size=1400,900",
            $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var browser = new HeadlessChromium(Process.Start(start)!, profile);
        await browser.ConnectAsync();
        return browser;
    }

    /// <summary>Opens <paramref name="url"/> in a new tab and waits for its load event.</summary>
    public async Task OpenAsync(Uri url)
    {
        var target = await CallAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, session: null);
        var attached = await CallAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, session: null);
        _session = attached["sessionId"]!.GetValue<string>();
        await CallAsync("Runtime.enable", []);
        await CallAsync("Log.enable", []);
        await CallAsync("Page.enable", []);
        await CallAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1400, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await CallAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });
        await _loaded.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>The value of a JavaScript expression in the page.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await CallAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        return result["result"]?["value"];
    }

    /// <summary>A PNG of the viewport.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var shot = await CallAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }

        _socket.Dispose();
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task ConnectAsync()
    {
        string? url = null;
        for (var i = 0; i < 200 && url is null; i++)
        {
            var line = await _process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line is null)
            {
                break;
            }

            url = DevToolsUrl().Match(line) is { Success: true } match ? match.Groups[1].Value : null;
        }

        _ = _process.StandardError.ReadToEndAsync(); // keep the pipe drained
        await _socket.ConnectAsync(new Uri(url ?? throw new InvalidOperationException("Chromium did not say where its DevTools listen.")), CancellationToken.None);
        _reader = Task.Run(ReadAsync);
    }

    private async Task<JsonNode> CallAsync(string method, JsonObject parameters, string? session = "")
    {
        var id = Interlocked.Increment(ref _nextId);
        var call = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = call;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if ((session == "" ? _session : session) is { } sessionId)
        {
            message["sessionId"] = sessionId;
        }

        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        return await call.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 20];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            var node = JsonNode.Parse(message.ToArray())!;
            message.SetLength(0);
            if (node["id"] is { } id && _calls.TryRemove(id.GetValue<int>(), out var call))
            {
                if (node["error"] is { } error)
                {
                    call.SetException(new InvalidOperationException(error.ToJsonString()));
                }
                else
                {
                    call.SetResult(node["result"]!);
                }

                continue;
            }

            switch (node["method"]?.GetValue<string>())
            {
                case "Page.loadEventFired":
                    _loaded.TrySetResult();
                    break;
                case "Runtime.exceptionThrown":
                    Errors.Enqueue("exception: " + node["params"]!["exceptionDetails"]!.ToJsonString());
                    break;
                case "Runtime.consoleAPICalled" when node["params"]!["type"]!.GetValue<string>() is "error" or "assert":
                    Errors.Enqueue("console: " + node["params"]!["args"]!.ToJsonString());
                    break;
                case "Log.entryAdded" when node["params"]!["entry"]!["level"]!.GetValue<string>() == "error":
                    Errors.Enqueue("log: " + node["params"]!["entry"]!["text"]);
                    break;
            }
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsUrl();
}
