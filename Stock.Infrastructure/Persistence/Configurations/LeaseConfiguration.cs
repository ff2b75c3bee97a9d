using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence.Configurations;

internal sealed class LeaseConfiguration : IEntityTypeConfiguration<LeaseRow>
{
    public void Configure(EntityTypeBuilder<LeaseRow> table)
    {
        table.ToTable("leases");
        table.HasKey(l => l.Name);
        table.Property(l => l.Name).HasColumnName("name").HasMaxLength(200);
        table.Property(l => l.Holder).HasColumnName("holder");
        table.Property(l => l.HolderName).HasColumnName("holder_name").HasMaxLength(300).IsRequired();
        table.Property(l => l.ExpiresAt).HasColumnName("expires_at");
    }
}
