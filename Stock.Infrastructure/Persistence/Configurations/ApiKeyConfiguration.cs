using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stock.Infrastructure.Persistence.Rows;

namespace Stock.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKeyRow>
{
    public void Configure(EntityTypeBuilder<ApiKeyRow> table)
    {
        table.ToTable("api_keys");
        table.HasKey(k => k.Id);
        table.Property(k => k.Id).HasColumnName("id").ValueGeneratedOnAdd();
        table.Property(k => k.LegalEntityId).HasColumnName("legal_entity_id");
        table.Property(k => k.Marketplace).HasColumnName("marketplace").HasMaxLength(10).IsRequired();
        table.Property(k => k.ClientId).HasColumnName("client_id").HasMaxLength(50);
        table.Property(k => k.Secret).HasColumnName("secret").HasMaxLength(1000).IsRequired();
        table.Property(k => k.SalesSyncedThrough).HasColumnName("sales_synced_through");
        table.Property(k => k.CatalogueCursor).HasColumnName("catalogue_cursor").HasMaxLength(200);
        table.Property(k => k.CatalogueReadOn).HasColumnName("catalogue_read_on");
        table.Property(k => k.UpdatedAt).HasColumnName("updated_at");
        table.Property(k => k.LastSuccessAt).HasColumnName("last_success_at");
        table.Property(k => k.LastFailureAt).HasColumnName("last_failure_at");
        table.Property(k => k.LastFailure).HasColumnName("last_failure").HasMaxLength(500);
        table.HasIndex(k => new { k.LegalEntityId, k.Marketplace }).IsUnique().HasDatabaseName("ux_api_keys_legal_entity_marketplace");
    }
}
