using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence.Configurations;

internal sealed class SkuConfiguration : IEntityTypeConfiguration<SkuRow>
{
    public void Configure(EntityTypeBuilder<SkuRow> table)
    {
        table.ToTable("skus");
        table.HasKey(s => s.Id);
        table.Property(s => s.Id).HasColumnName("id").ValueGeneratedOnAdd();
        table.Property(s => s.Marketplace).HasColumnName("marketplace").HasMaxLength(10).IsRequired();
        table.Property(s => s.Sku).HasColumnName("sku").HasMaxLength(100).IsRequired();
        table.Property(s => s.VendorCode).HasColumnName("vendor_code").HasMaxLength(100).IsRequired();
        table.HasIndex(s => new { s.Marketplace, s.Sku }).IsUnique().HasDatabaseName("ux_skus_marketplace_sku");
    }
}
