using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Stock.Application.Ports;
using Stock.Domain;
using Stock.Domain.Events;
using Stock.Domain.Products;
using Stock.Domain.Rules;
using Stock.Domain.Supply;

namespace Stock.Application.Checks;

/// <summary>Turns domain events into outbox messages with the wire payloads and attributes of docs/events.md.</summary>
public static class AlertMessages
{
    /// <summary>The <c>source</c> of the <c>LowOnStock</c> envelope.</summary>
    public const string Source = "stock_service";

    private static readonly JsonWriterOptions _writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The outbox message of <paramref name="domainEvent"/>, raised at <paramref name="raisedAt"/> for the seller <paramref name="seller"/>.</summary>
    public static OutboxMessage From(IDomainEvent domainEvent, string seller, DateTimeOffset raisedAt)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        ArgumentNullException.ThrowIfNull(seller);
        var payload = domainEvent switch
        {
            LowOnStock low => LowOnStockPayload(low, seller, raisedAt),
            StockFboOver or StockFboReceived => FboPayload(domainEvent.Product, seller),
            StockClusterLow cluster => ClusterPayload(cluster, seller),
            SupplyDue supply => SupplyPayload(supply, seller),
            _ => throw new ArgumentException($"No wire format for {domainEvent.GetType().Name}.", nameof(domainEvent)),
        };

        var alert = domainEvent.Product;
        var attributes = new Dictionary<string, string>
        {
            ["event_type"] = domainEvent.EventType,
            ["event_id"] = domainEvent.Identity.Id.ToString("D", CultureInfo.InvariantCulture),
            ["legal_entity"] = seller,
            ["marketplace"] = alert.Sku.Marketplace.ToWire(),
            ["sku"] = alert.Sku.Id,
        };
        if (domainEvent is StockClusterLow clusterLow)
        {
            attributes["cluster"] = clusterLow.Cluster.ClusterId.ToString(CultureInfo.InvariantCulture);
        }

        if (domainEvent is SupplyDue due)
        {
            attributes["kind"] = due.Need.Kind.ToWire();
        }

        return new OutboxMessage(domainEvent.Identity.Id, domainEvent.EventType, domainEvent.Identity.DedupKey, alert.LegalEntityId, payload, attributes, raisedAt);
    }

    private static string LowOnStockPayload(LowOnStock low, string seller, DateTimeOffset raisedAt) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("source", Source);
        json.WriteString("guid", low.Identity.Id.ToString("D", CultureInfo.InvariantCulture));
        json.WriteString("time", raisedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteStartObject("data");
        json.WriteStartObject("notification");
        WriteProduct(json, low.Product, seller, withSum: true);
        json.WriteString("status_product", low.Product.Status.ToWire());
        json.WriteNumber("status_notification", low.Band.StatusNotification());

        // Decided extra keys (docs/events.md), after the original ones.
        if (low.DaysOfCover is { } cover)
        {
            json.WriteNumber("days_of_cover", cover);
        }
        else
        {
            json.WriteNull("days_of_cover");
        }

        json.WriteNumber("recommended_supply", low.RecommendedSupply);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    });

    private static string FboPayload(ProductAlert alert, string seller) => Write(json =>
    {
        json.WriteStartObject();
        WriteProduct(json, alert, seller, withSum: false);
        json.WriteEndObject();
    });

    // docs/events.md: flat like StockFBOOver, with the cluster's keys instead of the stock and sales keys.
    private static string ClusterPayload(StockClusterLow low, string seller) => Write(json =>
    {
        json.WriteStartObject();
        WriteCard(json, low.Product, seller);
        json.WriteNumber("cluster_id", low.Cluster.ClusterId);
        json.WriteString("cluster_name", low.Cluster.ClusterName);
        json.WriteNumber("stock", low.Cluster.Stock);
        json.WriteNumber("ads", low.Cluster.Ads);
        json.WriteNumber("days_of_cover", low.Cluster.DaysOfCover ?? 0);
        json.WriteEndObject();
    });

    // docs/contracts.md: flat like StockFBOOver, with what is due and by when.
    private static string SupplyPayload(SupplyDue due, string seller) => Write(json =>
    {
        var need = due.Need;
        json.WriteStartObject();
        WriteCard(json, due.Product, seller);
        json.WriteString("kind", need.Kind.ToWire());
        json.WriteNumber("stock_fbo", due.Product.StockFbo);
        json.WriteNumber("stock_fbs", due.Product.StockFbs);
        json.WriteNumber("in_transit", due.InTransit);
        json.WriteNumber("forecast_per_day", Math.Round(due.ForecastPerDay, 2, MidpointRounding.AwayFromZero));
        json.WriteString("stockout_date", need.StockoutDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteString("act_by_date", need.ActByDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteNumber("lead_time_days", need.LeadTimeDays);
        json.WriteNumber("recommended_supply", need.RecommendedSupply);
        if (need.Kind == SupplyKind.Ship)
        {
            json.WriteNumber("covered_by_fbs", need.CoveredByFbs);
        }

        json.WriteNumber("sales_for_period", due.Product.SalesForPeriod);
        json.WriteEndObject();
    });

    private static void WriteCard(Utf8JsonWriter json, ProductAlert alert, string seller)
    {
        json.WriteString("seller", seller);
        json.WriteString("name", alert.Name);
        json.WriteString("vendor_code", alert.Sku.VendorCode);
        json.WriteString("sku", alert.Sku.Id);
        json.WriteString("mp", alert.Sku.Marketplace.ToWire());
        json.WriteString("url_on_product", alert.Url);
    }

    private static void WriteProduct(Utf8JsonWriter json, ProductAlert alert, string seller, bool withSum)
    {
        WriteCard(json, alert, seller);
        json.WriteNumber("sales_for_period", alert.SalesForPeriod);
        if (withSum)
        {
            json.WriteNumber("stock_sum", alert.StockSum);
        }

        json.WriteNumber("stock_fbo", alert.StockFbo);
        json.WriteNumber("stock_fbs", alert.StockFbs);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, _writer))
        {
            write(json);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
