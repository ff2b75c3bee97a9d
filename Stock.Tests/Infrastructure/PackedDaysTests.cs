using Stock.Domain.Products;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Tests.Infrastructure;

/// <summary>The day records a check reads packed one row per product (decision D37).</summary>
public sealed class PackedDaysTests
{
    [Fact]
    public void PackedDays_AreReadBack_WithAnUnknownStockLeftUnknown()
    {
        var row = new SaleDaysRow { ProductId = 7, Count = 3, Days = "20454,2,1,15;20455,0,0,;20453,5,1,-1" };

        row.Records().Should().Equal(
            new DayRecord(new DateOnly(2026, 1, 1), 2, true, 15),
            new DayRecord(new DateOnly(2026, 1, 2), 0, false, null),
            new DayRecord(new DateOnly(2025, 12, 31), 5, true, -1));
    }

    [Theory]
    [InlineData(3, "20454,2,1,15;20455,0,0,;204", "cut at a length limit mid-record")]
    [InlineData(3, "20454,2,1,15;20455,0,0,", "fewer records than counted")]
    [InlineData(1, "20454,2,1,15;20455,0,0,", "more records than counted")]
    [InlineData(1, "20454,two,1,15", "a field that is not a number")]
    public void PackedDays_ThatDoNotHoldWhatWasCounted_FailWithTheProductNamed(int count, string days, string because)
    {
        var row = new SaleDaysRow { ProductId = 42, Count = count, Days = days };

        row.Invoking(r => r.Records()).Should().Throw<InvalidOperationException>(because)
            .WithMessage($"*product 42*{count} records*group_concat_max_len*");
    }
}
