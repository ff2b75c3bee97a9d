using Stock.Simulation;

namespace Stock.Tests.Infrastructure.Marketplaces;

/// <summary>What the simulated seller holds, summed from its state, to check what the adapters read.</summary>
internal static class SimulatedTotals
{
    public static int WbFbo(SimulatedSeller seller) => seller.WbFbo().Values.Sum();

    public static int WbFbs(SimulatedSeller seller) => seller.WbFbs().Values.Sum();

    public static (int Rows, int Units) WbOrders(SimulatedSeller seller, DateOnly since)
    {
        var all = seller.WbOrders();
        var units = all.Count(o => !o.IsCancel && DateOnly.FromDateTime(o.Date) >= since);
        var served = all.Count(o => o.LastChangeDate >= since.ToDateTime(TimeOnly.MinValue));
        return (served, units);
    }

    public static int OzonFbo(SimulatedSeller seller) => seller.OzonFbo().Values.Sum();

    public static int OzonFbs(SimulatedSeller seller) => seller.OzonFbs().Values.Sum(s => Math.Max(0, s.Present - s.Reserved));

    public static int OzonOrderRows(SimulatedSeller seller, DateOnly since) => seller.OzonOrders().Count(o => o.Key.Day >= since);

    public static int OzonOrderUnits(SimulatedSeller seller, DateOnly since) => seller.OzonOrders().Where(o => o.Key.Day >= since).Sum(o => o.Value);
}
