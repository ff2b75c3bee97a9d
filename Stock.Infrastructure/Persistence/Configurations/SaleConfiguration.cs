using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence.Configurations;

internal sealed class SaleConfiguration : IEntityTypeConfiguration<SaleRow>
{
    public void Configure(EntityTypeBuilder<SaleRow> table)
    {
        table.ToTable("sales");
        table.HasKey(s => new { s.ProductId, s.Date }).HasName("pk_sales");
        table.Property(s => s.ProductId).HasColumnName("product_id");
        table.Property(s => s.Date).HasColumnName("date");
        table.Property(s => s.Quantity).HasColumnName("quantity");
        table.Property(s => s.InStock).HasColumnName("in_stock");
        table.Property(s => s.Stock).HasColumnName("stock");
        table.HasOne<ProductRow>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
