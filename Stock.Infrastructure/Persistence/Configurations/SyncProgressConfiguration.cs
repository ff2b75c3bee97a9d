using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence.Configurations;

internal sealed class SyncProgressConfiguration : IEntityTypeConfiguration<SyncProgressRow>
{
    public void Configure(EntityTypeBuilder<SyncProgressRow> table)
    {
        table.ToTable("sync_progress");
        table.HasKey(p => new { p.LegalEntityId, p.Marketplace });
        table.Property(p => p.LegalEntityId).HasColumnName("legal_entity_id");
        table.Property(p => p.Marketplace).HasColumnName("marketplace").HasMaxLength(10);
        table.Property(p => p.Since).HasColumnName("since");
        table.Property(p => p.Cursor).HasColumnName("cursor");
        table.Property(p => p.UpdatedAt).HasColumnName("updated_at");
    }
}
