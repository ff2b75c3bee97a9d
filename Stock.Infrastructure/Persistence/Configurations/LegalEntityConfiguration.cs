using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence.Configurations;

// One IEntityTypeConfiguration per table; names are snake_case, string lengths are bounded so that every indexed
// column fits MySQL/MariaDB's index limits with utf8mb4.
internal sealed class LegalEntityConfiguration : IEntityTypeConfiguration<LegalEntityRow>
{
    public void Configure(EntityTypeBuilder<LegalEntityRow> table)
    {
        table.ToTable("legal_entities");
        table.HasKey(e => e.Id);
        table.Property(e => e.Id).HasColumnName("id");
        table.Property(e => e.Name).HasColumnName("name").HasMaxLength(200).IsRequired();
        table.Property(e => e.CreatedAt).HasColumnName("created_at");
        table.HasIndex(e => e.Name).IsUnique().HasDatabaseName("ux_legal_entities_name");
        table.HasMany(e => e.Keys).WithOne().HasForeignKey(k => k.LegalEntityId).OnDelete(DeleteBehavior.Cascade);
    }
}
