using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessageRow>
{
    public void Configure(EntityTypeBuilder<OutboxMessageRow> table)
    {
        table.ToTable("outbox_messages");
        table.HasKey(m => m.Id);
        table.Property(m => m.Id).HasColumnName("id").ValueGeneratedOnAdd();
        table.Property(m => m.EventId).HasColumnName("event_id");
        table.Property(m => m.EventType).HasColumnName("event_type").HasMaxLength(50).IsRequired();
        table.Property(m => m.DedupKey).HasColumnName("dedup_key").HasMaxLength(255).IsRequired();
        table.Property(m => m.LegalEntityId).HasColumnName("legal_entity_id");
        table.Property(m => m.Payload).HasColumnName("payload").IsRequired();
        table.Property(m => m.Attributes).HasColumnName("attributes").IsRequired();
        table.Property(m => m.CreatedAt).HasColumnName("created_at");
        table.Property(m => m.Status).HasColumnName("status");
        table.Property(m => m.ProcessedAt).HasColumnName("processed_at");
        table.Property(m => m.Reason).HasColumnName("reason").HasMaxLength(500);
        table.Property(m => m.ClaimedBy).HasColumnName("claimed_by");
        table.Property(m => m.ClaimedUntil).HasColumnName("claimed_until");
        table.HasIndex(m => m.EventId).IsUnique().HasDatabaseName("ux_outbox_messages_event_id");
        table.HasIndex(m => new { m.Status, m.Id }).HasDatabaseName("ix_outbox_messages_status_id");
        table.HasIndex(m => new { m.LegalEntityId, m.Id }).HasDatabaseName("ix_outbox_messages_legal_entity_id");
    }
}
