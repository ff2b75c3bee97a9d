using Stock.Application.Checks;
using Stock.Application.Ports;

namespace Stock.Tests.Application;

/// <summary>Order pages folded into one number a day per sku, as a check holds them until the merge.</summary>
public sealed class OrdersFoldTests
{
    private static readonly DateOnly Since = new(2026, 9, 1);
    private static readonly DateOnly Today = new(2026, 9, 4);

    [Fact]
    public void PagesAdd_PerSkuAndDay_FromSinceThroughToday()
    {
        var fold = new OrdersFold(Since, Today);

        fold.Add([new DailyOrders("1", Since, 2), new DailyOrders("1", Today, 1), new DailyOrders("2", Since.AddDays(1), 4)]);
        fold.Add([new DailyOrders("1", Since, 3)]);

        fold.Of("1").ToArray().Should().Equal(5, 0, 0, 1);
        fold.Of("2").ToArray().Should().Equal(0, 4, 0, 0);
        fold.Of("3").IsEmpty.Should().BeTrue("a sku without orders has no days");
    }

    [Fact]
    public void DatesOutsideTheSync_AreLeftOut()
    {
        var fold = new OrdersFold(Since, Today);

        fold.Add([new DailyOrders("1", Since.AddDays(-1), 7), new DailyOrders("1", Today.AddDays(1), 9)]);

        fold.Of("1").IsEmpty.Should().BeTrue("no day record reads a date before the sync or after today");
    }

    [Fact]
    public void Days_AreOneCountPerSkuAndDateWithUnits_AndCountSaysHowMany()
    {
        var fold = new OrdersFold(Since, Today);

        fold.Add([new DailyOrders("1", Since, 2), new DailyOrders("1", Since, 1), new DailyOrders("2", Today, 4), new DailyOrders("3", Today, 0)]);

        fold.Count.Should().Be(2);
        fold.Days().Should().BeEquivalentTo([new DailyOrders("1", Since, 3), new DailyOrders("2", Today, 4)]);
    }
}
