using System.Text.Json;
using Stock.Infrastructure.Persistence;

namespace Stock.Tests.Infrastructure;

/// <summary>The JSON texts of the bulk statements (D53): every row once, in order, no text on the large object heap.</summary>
public sealed class JsonBatchesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(799)]
    [InlineData(25_000)]
    public void Rows_AreCutIntoArraysUnderTheLargeObjectThreshold_EachRowOnceInOrder(int count)
    {
        var rows = Enumerable.Range(0, count).Select(i => new { p = i, d = "2026-12-07", n = new string('я', i % 97) }).ToArray();

        var texts = JsonBatches.Of(rows).ToList();

        texts.Should().NotContain(t => t.Length > JsonBatches.MaxChars || t.Length * sizeof(char) >= 85_000);
        texts.SelectMany(t => JsonDocument.Parse(t).RootElement.EnumerateArray().Select(e => e.GetProperty("p").GetInt32()))
            .Should().Equal(Enumerable.Range(0, count));
        if (count > 0)
        {
            texts.Should().HaveCountLessThanOrEqualTo(1 + (JsonSerializer.Serialize(rows).Length / (JsonBatches.MaxChars / 2)), "texts are filled, not cut a row at a time");
        }
    }

    [Fact]
    public void ARowLongerThanAText_GoesAlone()
    {
        var rows = new[] { new { p = 1, n = "a" }, new { p = 2, n = new string('b', JsonBatches.MaxChars) }, new { p = 3, n = "c" } };

        JsonBatches.Of(rows).Select(t => JsonDocument.Parse(t).RootElement.GetArrayLength()).Should().Equal(1, 1, 1);
    }
}
