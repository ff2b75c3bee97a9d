namespace Stock.Application.Localization;

/// <summary>A column of the report, for its heading in a culture (<see cref="StockText.Column"/>).</summary>
public enum ReportColumn
{
    /// <summary>The marketplace.</summary>
    Marketplace,

    /// <summary>The marketplace's id of the product.</summary>
    Sku,

    /// <summary>The seller's article.</summary>
    VendorCode,

    /// <summary>The product's name.</summary>
    Name,

    /// <summary>Stock on the marketplace's warehouses.</summary>
    Fbo,

    /// <summary>Stock on the seller's warehouses.</summary>
    Fbs,

    /// <summary>Stock on its way to the marketplace's warehouses.</summary>
    InTransit,

    /// <summary>The product's status.</summary>
    Status,

    /// <summary>Sales over the 30-day window.</summary>
    Sales30Days,

    /// <summary>Days the stock lasts.</summary>
    DaysOfCover,

    /// <summary>The date a supply must ship by.</summary>
    ShipBy,

    /// <summary>The units that bring the stock to its target cover.</summary>
    RecommendedSupply,

    /// <summary>The low-on-stock band last alerted and when.</summary>
    LastAlert,

    /// <summary>The chart of the last days.</summary>
    Chart,
}
