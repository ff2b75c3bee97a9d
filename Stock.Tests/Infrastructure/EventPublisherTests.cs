using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Stock.Application.Checks;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Events;
using Stock.Domain.Products;
using Stock.Domain.Rules;
using Microsoft.Extensions.Options;
using Stock.Infrastructure.Events;

namespace Stock.Tests.Infrastructure;

public sealed class EventPublisherTests
{
    [Fact]
    public async Task WithoutAProject_EventsGoToTheJsonLinesFile_WithTheSameTopicsAndPayloads()
    {
        var file = Path.Combine(Path.GetTempPath(), $"stock-events-{Guid.NewGuid():N}.jsonl");
        var services = new ServiceCollection();
        services.AddStockEvents(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Stock:Events:File"] = file }).Build());
        await using var provider = services.BuildServiceProvider();
        var publisher = provider.GetRequiredService<IEventPublisher>();
        publisher.Should().BeOfType<JsonLinesEventPublisher>();
        var alert = new ProductAlert(Guid.NewGuid(), Sku.From(Marketplace.Ozon, 1700000001, "MUG-RED-300"), "Кружка", "https://www.ozon.ru/product/1700000001/", 12, 3, 2, ProductStatus.Ordinary, new DateOnly(2026, 11, 26));
        var messages = new[]
        {
            AlertMessages.From(new LowOnStock(alert, LowStockBand.Sent12), "ООО Амодекор", DateTimeOffset.UnixEpoch),
            AlertMessages.From(new StockFboOver(alert), "ООО Амодекор", DateTimeOffset.UnixEpoch),
        };

        var acknowledged = (await publisher.PublishAsync(messages, default)).Acknowledged;

        acknowledged.Should().BeEquivalentTo(messages.Select(m => m.EventId));
        var lines = await File.ReadAllLinesAsync(file);
        lines.Should().HaveCount(2);
        lines[0].Should().Contain("ООО Амодекор", "UTF-8 text is written as is");
        var first = JsonDocument.Parse(lines[0]).RootElement;
        first.EnumerateObject().Select(p => p.Name).Should().Equal("topic", "attributes", "data");
        first.GetProperty("topic").GetString().Should().Be("low_on_stock");
        first.GetProperty("data").GetRawText().Should().Be(messages[0].Payload);
        first.GetProperty("attributes").GetProperty("event_type").GetString().Should().Be("LowOnStock");
        JsonDocument.Parse(lines[1]).RootElement.GetProperty("topic").GetString().Should().Be("fbo_over");
        File.Delete(file);
    }

    [Fact]
    public async Task JsonLines_RepublishedAfterACrash_ByANewProcess_NeverHoldsAnEventIdTwice()
    {
        var file = Path.Combine(Path.GetTempPath(), $"stock-events-{Guid.NewGuid():N}.jsonl");
        var messages = Messages(3);
        await Publisher(file).PublishAsync(messages[..2], default);

        // A crash after the append, before the rows were marked sent: the next relay, another process, sends all again.
        var acknowledged = (await Publisher(file).PublishAsync(messages, default)).Acknowledged;

        acknowledged.Should().BeEquivalentTo(messages.Select(m => m.EventId), "what is already in the file counts as published");
        EventIds(file).Should().Equal(messages.Select(m => m.EventId.ToString("D")));
        File.Delete(file);
    }

    [Fact]
    public async Task JsonLines_AFileOfManyBuffers_IsReadLineByLine_AcrossItsBuffers()
    {
        // Hundreds of kilobytes: lines cross the scan's 64 KiB buffers, and the last one is cut within one.
        var file = Path.Combine(Path.GetTempPath(), $"stock-events-{Guid.NewGuid():N}.jsonl");
        var messages = Messages(1000);
        await WrittenThenCutAsync(file, messages[..900], messages[900], keep: 100);
        new FileInfo(file).Length.Should().BeGreaterThan(4 * 64 * 1024);

        var acknowledged = (await Publisher(file).PublishAsync(messages, default)).Acknowledged;

        acknowledged.Should().HaveCount(1000);
        EventIds(file).Should().Equal(messages.Select(m => m.EventId.ToString("D")), "each event once, the 900 already there kept, the cut one written whole");
        File.Delete(file);
    }

    [Fact]
    public async Task JsonLines_ALineCutShortByACrash_IsEnded_AndItsEventWrittenWhole()
    {
        var file = Path.Combine(Path.GetTempPath(), $"stock-events-{Guid.NewGuid():N}.jsonl");
        var messages = Messages(2);
        var cut = await WrittenThenCutAsync(file, messages[..1], messages[1], keep: 40);

        await Publisher(file).PublishAsync(messages, default);

        var lines = await File.ReadAllLinesAsync(file);
        lines.Should().HaveCount(3).And.Contain(cut);
        EventIds(file).Should().Equal(messages.Select(m => m.EventId.ToString("D")));
        File.Delete(file);
    }

    // The file as a crash leaves it: the whole messages written, then the first characters of the line of the one cut short.
    private static async Task<string> WrittenThenCutAsync(string file, OutboxMessage[] whole, OutboxMessage cutShort, int keep)
    {
        await Publisher(file).PublishAsync(whole, default);
        var other = Path.Combine(Path.GetTempPath(), $"stock-events-{Guid.NewGuid():N}.jsonl");
        await Publisher(other).PublishAsync([cutShort], default);
        var cut = (await File.ReadAllTextAsync(other))[..keep];
        File.Delete(other);
        await File.AppendAllTextAsync(file, cut);
        return cut;
    }

    private static JsonLinesEventPublisher Publisher(string file) =>
        new(Options.Create(new EventFileOptions { File = file }), Options.Create(new Stock.Infrastructure.PubSub.PubSubOptions()));

    private static OutboxMessage[] Messages(int count) => Enumerable.Range(1, count)
        .Select(i => AlertMessages.From(
            new StockFboOver(new ProductAlert(Guid.NewGuid(), Sku.From(Marketplace.Wildberries, 211111110 + i, "V"), "N", "https://x/", 1, 3, 2, ProductStatus.Ordinary, new DateOnly(2026, 11, 26))),
            "ООО Амодекор",
            DateTimeOffset.UnixEpoch))
        .ToArray();

    private static List<string> EventIds(string file) => File.ReadAllLines(file)
        .Select(line =>
        {
            try
            {
                return JsonDocument.Parse(line).RootElement.GetProperty("attributes").GetProperty("event_id").GetString();
            }
            catch (JsonException)
            {
                return null;
            }
        })
        .OfType<string>()
        .ToList();
}
