namespace Stock.Domain.Products;

/// <summary>How long a product has been selling, which decides how its low-stock ratio is computed.</summary>
public enum ProductStatus
{
    /// <summary>Sells steadily: in stock in the last 15 days; <c>ordinary</c> on the wire.</summary>
    Ordinary = 1,

    /// <summary>Had stock once but not in the last 15 days; <c>new</c> on the wire.</summary>
    New = 2,

    /// <summary>Never seen in stock; <c>absolute_new</c> on the wire.</summary>
    AbsoluteNew = 3,
}

/// <summary>Wire names of <see cref="ProductStatus"/>.</summary>
public static class ProductStatusNames
{
    /// <summary>The exact string that goes on the wire for <paramref name="status"/>.</summary>
    public static string ToWire(this ProductStatus status) => status switch
    {
        ProductStatus.Ordinary => "ordinary",
        ProductStatus.New => "new",
        ProductStatus.AbsoluteNew => "absolute_new",
        _ => throw new DomainException($"Unknown product status {(int)status}."),
    };

    /// <summary>Parses a wire name, or throws a <see cref="DomainException"/> naming the bad value.</summary>
    public static ProductStatus Parse(string value) => value switch
    {
        "ordinary" => ProductStatus.Ordinary,
        "new" => ProductStatus.New,
        "absolute_new" => ProductStatus.AbsoluteNew,
        _ => throw new DomainException($"Unknown product status '{value}'."),
    };
}
