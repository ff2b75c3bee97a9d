using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence.Configurations;

internal sealed class DedupKeyConfiguration : IEntityTypeConfiguration<DedupKeyRow>
{
    public void Configure(EntityTypeBuilder<DedupKeyRow> table)
    {
        table.ToTable("dedup_keys");
        table.HasKey(d => d.Key);
        table.Property(d => d.Key).HasColumnName("dedup_key").HasMaxLength(255);
        table.Property(d => d.EventId).HasColumnName("event_id");
        table.Property(d => d.ExpiresAt).HasColumnName("expires_at");
    }
}
