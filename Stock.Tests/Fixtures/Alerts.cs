using Stock.Application.Commands;

namespace Stock.Tests.Fixtures;

/// <summary>Expected alert counts, by the wire names of the catalogue's types.</summary>
internal static class Alerts
{
    public static EventCounts Counts(int lowOnStock = 0, int fboOver = 0, int fboReceived = 0, int clusterLow = 0) => EventCounts.From(new Dictionary<string, int>
    {
        ["LowOnStock"] = lowOnStock,
        ["StockFBOOver"] = fboOver,
        ["StockFBOReceived"] = fboReceived,
        ["StockClusterLow"] = clusterLow,
    });
}
