using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<ProductRow>
{
    public void Configure(EntityTypeBuilder<ProductRow> table)
    {
        table.ToTable("products");
        table.HasKey(p => p.Id);
        table.Property(p => p.Id).HasColumnName("id").ValueGeneratedOnAdd();
        table.Property(p => p.LegalEntityId).HasColumnName("legal_entity_id");
        table.Property(p => p.SkuId).HasColumnName("sku_id");
        table.Property(p => p.Name).HasColumnName("name").HasMaxLength(1000).IsRequired();
        table.Property(p => p.Url).HasColumnName("url").HasMaxLength(1000).IsRequired();
        table.Property(p => p.StockFbo).HasColumnName("stock_fbo");
        table.Property(p => p.StockFbs).HasColumnName("stock_fbs");
        table.Property(p => p.Status).HasColumnName("status").HasMaxLength(20);
        table.Property(p => p.ReplenishedLevel).HasColumnName("replenished_level");
        table.Property(p => p.CheckedOn).HasColumnName("checked_on");
        table.Property(p => p.InTransit).HasColumnName("in_transit").HasDefaultValue(0);
        table.Property(p => p.StockUnits).HasColumnName("stock_units");
        table.Property(p => p.Delisted).HasColumnName("delisted").HasMaxLength(10);
        table.Property(p => p.ShipLeadDays).HasColumnName("ship_lead_days");
        table.Property(p => p.ReorderLeadDays).HasColumnName("reorder_lead_days");
        table.Property(p => p.PackSize).HasColumnName("pack_size");
        table.Property(p => p.SupplyOff).HasColumnName("supply_off").HasDefaultValue(false);
        table.Property(p => p.Version).HasColumnName("version").IsConcurrencyToken();
        table.HasIndex(p => new { p.LegalEntityId, p.SkuId }).IsUnique().HasDatabaseName("ux_products_legal_entity_sku");
        table.HasOne(p => p.Sku).WithMany().HasForeignKey(p => p.SkuId).OnDelete(DeleteBehavior.Restrict);
        table.HasOne<LegalEntityRow>().WithMany().HasForeignKey(p => p.LegalEntityId).OnDelete(DeleteBehavior.Cascade);
        table.HasOne(p => p.Notification).WithOne().HasForeignKey<NotificationRow>(n => n.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
