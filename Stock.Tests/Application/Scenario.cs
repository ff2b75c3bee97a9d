using Stock.Application.Ports;
using Stock.Tests.Fakes;

namespace Stock.Tests.Application;

/// <summary>The seller of the tests: ООО Амодекор with a WB and an Ozon key, and a small catalog on each.</summary>
internal static class Scenario
{
    public const string Seller = "ООО Амодекор";
    public const string WbToken = "wb-token-SECRET-0123456789";
    public const string OzonApiKey = "ozon-key-SECRET-abcdef";

    public const long Mug = 211111111;   // ordinary, 2 sold a day, stock 3 + 2: LowOnStock sent_6 on the first check
    public const long Vase = 211111112;  // ordinary, 1 sold a day, FBO 12: runs out on the second check
    public const long Lamp = 211111113;  // never sold, FBO 3: a supply arrives on the second check
    public const long OzonCup = 900000001;

    public static LegalEntity Amodekor(ApplicationHarness h, bool withOzon = true)
    {
        var keys = new List<MarketplaceKey> { MarketplaceKey.Wildberries(WbToken) };
        if (withOzon)
        {
            keys.Add(MarketplaceKey.Ozon("123456", OzonApiKey));
        }

        var entity = h.Database.AddLegalEntity(Seller, [.. keys]);
        var today = h.Today;
        h.Wb.AddProduct(Mug, "MUG-RED-300", fbo: 3, fbs: 2, name: "Кружка керамическая 300 мл");
        h.Wb.AddDailyOrders(Mug, today.AddDays(-60), today.AddDays(-1), perDay: 2);
        h.Wb.AddProduct(Vase, "VASE-01", fbo: 12, fbs: 0, name: "Ваза");
        h.Wb.AddDailyOrders(Vase, today.AddDays(-60), today.AddDays(-1), perDay: 1);
        h.Wb.AddProduct(Lamp, "LAMP-01", fbo: 3, fbs: 0, name: "Лампа");

        h.Ozon.AddProduct(OzonCup, "CUP-OZ", fbo: 20, fbs: 5, name: "Чашка");
        h.Ozon.AddDailyOrders(OzonCup, today.AddDays(-60), today.AddDays(-1), perDay: 1);
        return entity;
    }

    /// <summary>The next day's changes: the vase's FBO runs out, a supply of lamps arrives.</summary>
    public static void NextDay(ApplicationHarness h)
    {
        h.Time.Advance(TimeSpan.FromDays(1));
        h.Wb.SetStock(Vase, fbo: 3, fbs: 0);
        h.Wb.SetStock(Lamp, fbo: 15, fbs: 0);
    }
}
