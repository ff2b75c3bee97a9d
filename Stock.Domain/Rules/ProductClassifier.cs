using Stock.Domain.Products;

namespace Stock.Domain.Rules;

/// <summary>The product status rule of docs/domain.md, evaluated on the complete days before today.</summary>
public static class ProductClassifier
{
    /// <summary>"In stock in the last 15 days" looks at <c>[today-15, today-1]</c>.</summary>
    public const int RecentDays = 15;

    /// <summary>In-stock days are counted in <c>[today-30, today-1]</c>.</summary>
    public const int InStockDaysLookback = 30;

    /// <summary>More than this many in-stock days of the last 30 make a new product ordinary.</summary>
    public const int OrdinaryAfterInStockDays = 15;

    /// <summary>The status after this check; the first match of the table wins.</summary>
    public static ProductStatus Classify(ProductStatus? current, DailyHistory history, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(history);
        var recentlyInStock = history.AnyInStock(DateWindow.Back(today, RecentDays));
        switch (current)
        {
            case null when !history.AnyInStockBefore(today):
                return ProductStatus.AbsoluteNew;
            case null:
                return recentlyInStock ? ProductStatus.Ordinary : ProductStatus.New;
            case ProductStatus.Ordinary:
                return recentlyInStock ? ProductStatus.Ordinary : ProductStatus.New;
            default:
                var inStockDays = history.InStockDays(DateWindow.Back(today, InStockDaysLookback));
                return inStockDays > OrdinaryAfterInStockDays && recentlyInStock ? ProductStatus.Ordinary : current.Value;
        }
    }
}
