using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<NotificationRow>
{
    public void Configure(EntityTypeBuilder<NotificationRow> table)
    {
        table.ToTable("notifications");
        table.HasKey(n => n.ProductId);
        table.Property(n => n.ProductId).HasColumnName("product_id").ValueGeneratedNever();
        table.Property(n => n.Band).HasColumnName("band").HasMaxLength(10);
        table.Property(n => n.NotifiedOn).HasColumnName("notified_on");
        table.Property(n => n.Clusters).HasColumnName("clusters").HasMaxLength(1000);
        table.Property(n => n.ShipDueSince).HasColumnName("ship_due_since");
        table.Property(n => n.ReorderDueSince).HasColumnName("reorder_due_since");
    }
}
