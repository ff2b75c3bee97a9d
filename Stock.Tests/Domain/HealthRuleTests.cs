using Stock.Domain;
using Stock.Domain.Health;

namespace Stock.Tests.Domain;

/// <summary>The key-expiry rule of issue 14 and the identity of health events, with worked examples.</summary>
public sealed class HealthRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly Guid Entity = Guid.Parse("01a21802-0000-7000-8000-000000000001");

    [Theory]
    [InlineData(5.0, 5)]     // K1: expires in 5 days: 5 left
    [InlineData(5.9, 5)]     // K2: whole days only
    [InlineData(14.0, 14)]   // K3: exactly the warning: warned
    [InlineData(0.5, 0)]     // K4: today
    [InlineData(-2.0, 0)]    // K5: expired already: still warned, 0 left
    public void KeyExpiringWithinTheWarning_IsWarned_WithWholeDaysLeft(double inDays, int daysLeft)
    {
        var warning = MarketplaceKeyExpiring.Warn(Entity, Marketplace.Wildberries, Now.AddDays(inDays), Now, 14, Today);

        warning.Should().NotBeNull();
        warning!.DaysLeft.Should().Be(daysLeft);
        warning.Kind.Should().Be("key_expiring");
    }

    [Fact]
    public void KeyExpiringAfterTheWarning_IsNotWarned() =>
        MarketplaceKeyExpiring.Warn(Entity, Marketplace.Wildberries, Now.AddDays(14.01), Now, 14, Today).Should().BeNull();

    [Fact]
    public void HealthIdentity_IsDeduplicatedPerKindEntityAndMarketplace_AndDifferentEachDay()
    {
        var lost = new MarketplaceAccessLost(Entity, Marketplace.Wildberries, 401, "token expired", Today);
        var again = new MarketplaceAccessLost(Entity, Marketplace.Wildberries, 403, "other words", Today);
        var tomorrow = new MarketplaceAccessLost(Entity, Marketplace.Wildberries, 401, "token expired", Today.AddDays(1));
        var ozon = new MarketplaceAccessLost(Entity, Marketplace.Ozon, 401, "token expired", Today);

        lost.Identity.DedupKey.Should().Be($"health:access_lost:{Entity:D}:wb");
        again.Identity.Id.Should().Be(lost.Identity.Id, "one event per business date, whatever the marketplace said");
        tomorrow.Identity.DedupKey.Should().Be(lost.Identity.DedupKey);
        tomorrow.Identity.Id.Should().NotBe(lost.Identity.Id);
        ozon.Identity.DedupKey.Should().NotBe(lost.Identity.DedupKey);
    }
}
