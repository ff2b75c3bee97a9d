namespace Stock.Domain.Products;

/// <summary>What is known of one product on one business date: units ordered, whether it was in stock, and its stock.</summary>
/// <param name="Date">The business date.</param>
/// <param name="Quantity">Units ordered that day (never negative).</param>
/// <param name="InStock">Whether the product was seen in stock, or sold, that day.</param>
/// <param name="Stock">The total stock seen by the last check of that day; null when no check ran that day.</param>
public readonly record struct DayRecord(DateOnly Date, int Quantity, bool InStock, int? Stock = null)
{
    /// <summary>
    /// Merges a newer observation of the same date: the incoming quantity replaces the stored one,
    /// the day stays in stock if either observation says so, and the newer stock seen replaces the older.
    /// </summary>
    public DayRecord MergeWith(DayRecord incoming)
    {
        if (incoming.Date != Date)
        {
            throw new DomainException($"Cannot merge the record of {incoming.Date:yyyy-MM-dd} into {Date:yyyy-MM-dd}.");
        }

        return this with { Quantity = incoming.Quantity, InStock = InStock || incoming.InStock, Stock = incoming.Stock ?? Stock };
    }
}
