using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence.Configurations;

internal sealed class SyncOrderConfiguration : IEntityTypeConfiguration<SyncOrderRow>
{
    public void Configure(EntityTypeBuilder<SyncOrderRow> table)
    {
        table.ToTable("sync_orders");
        table.HasKey(o => new { o.LegalEntityId, o.Marketplace, o.Sku, o.Date });
        table.Property(o => o.LegalEntityId).HasColumnName("legal_entity_id");
        table.Property(o => o.Marketplace).HasColumnName("marketplace").HasMaxLength(10);
        table.Property(o => o.Sku).HasColumnName("sku").HasMaxLength(100);
        table.Property(o => o.Date).HasColumnName("date");
        table.Property(o => o.Quantity).HasColumnName("quantity");
    }
}
