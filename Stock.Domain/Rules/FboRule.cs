namespace Stock.Domain.Rules;

/// <summary>Which way FBO stock (on marketplace warehouses) crossed the threshold.</summary>
public enum FboDirection
{
    /// <summary>From at or above the threshold to below it: FBO stock is running out or gone.</summary>
    Over = 1,

    /// <summary>From below the threshold to at or above it: a supply arrived.</summary>
    Received = 2,
}

/// <summary>The FBO rule of docs/domain.md, comparing the FBO stock of the previous check with the new one.</summary>
public static class FboRule
{
    /// <summary>The crossing of the threshold, or null; a product seen for the first time (no previous) crosses nothing.</summary>
    public static FboDirection? Crossing(int? previousFbo, int newFbo, RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (previousFbo is not { } previous)
        {
            return null;
        }

        var threshold = options.FboThreshold;
        if (previous >= threshold && newFbo < threshold)
        {
            return FboDirection.Over;
        }

        return previous < threshold && newFbo >= threshold ? FboDirection.Received : null;
    }
}
