namespace Stock.Domain.Products;

/// <summary>What is known of one product on one business date: units ordered and whether it was in stock.</summary>
/// <param name="Date">The business date.</param>
/// <param name="Quantity">Units ordered that day (never negative).</param>
/// <param name="InStock">Whether the product was seen in stock, or sold, that day.</param>
public readonly record struct DayRecord(DateOnly Date, int Quantity, bool InStock)
{
    /// <summary>
    /// Merges a newer observation of the same date: the incoming quantity replaces the stored one,
    /// and the day stays in stock if either observation says so.
    /// </summary>
    public DayRecord MergeWith(DayRecord incoming)
    {
        if (incoming.Date != Date)
        {
            throw new DomainException($"Cannot merge the record of {incoming.Date:yyyy-MM-dd} into {Date:yyyy-MM-dd}.");
        }

        return this with { Quantity = incoming.Quantity, InStock = InStock || incoming.InStock };
    }
}
