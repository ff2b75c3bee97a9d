using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence.Configurations;

internal sealed class CheckRunConfiguration : IEntityTypeConfiguration<CheckRunRow>
{
    public void Configure(EntityTypeBuilder<CheckRunRow> table)
    {
        table.ToTable("check_runs");
        table.HasKey(r => r.Id);
        table.Property(r => r.Id).HasColumnName("id");
        table.Property(r => r.LegalEntityId).HasColumnName("legal_entity_id");
        table.Property(r => r.BusinessDate).HasColumnName("business_date");
        table.Property(r => r.StartedAt).HasColumnName("started_at");
        table.Property(r => r.FinishedAt).HasColumnName("finished_at");
        table.Property(r => r.Outcome).HasColumnName("outcome").HasMaxLength(20).IsRequired();
        table.Property(r => r.Marketplaces).HasColumnName("marketplaces").HasMaxLength(4000).IsRequired();
        table.Property(r => r.Products).HasColumnName("products");
        table.Property(r => r.Events).HasColumnName("events").HasMaxLength(1000).IsRequired();
        table.HasIndex(r => new { r.LegalEntityId, r.StartedAt }).HasDatabaseName("ix_check_runs_legal_entity_started");
    }
}
