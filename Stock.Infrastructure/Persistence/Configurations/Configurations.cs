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
        table.Property(k => k.UpdatedAt).HasColumnName("updated_at");
        table.Property(k => k.LastSuccessAt).HasColumnName("last_success_at");
        table.Property(k => k.LastFailureAt).HasColumnName("last_failure_at");
        table.Property(k => k.LastFailure).HasColumnName("last_failure").HasMaxLength(500);
        table.HasIndex(k => new { k.LegalEntityId, k.Marketplace }).IsUnique().HasDatabaseName("ux_api_keys_legal_entity_marketplace");
    }
}

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

internal sealed class ProductConfiguration : IEntityTypeConfiguration<ProductRow>
{
    public void Configure(EntityTypeBuilder<ProductRow> table)
    {
        table.ToTable("products");
        table.HasKey(p => p.Id);
        table.Property(p => p.Id).HasColumnName("id").ValueGeneratedOnAdd();
        table.Property(p => p.LegalEntityId).HasColumnName("legal_entity_id");
        table.Property(p => p.SkuId).HasColumnName("sku_id");
        table.Property(p => p.Name).HasColumnName("name").HasMaxLength(1000).IsRequired();
        table.Property(p => p.Url).HasColumnName("url").HasMaxLength(1000).IsRequired();
        table.Property(p => p.StockFbo).HasColumnName("stock_fbo");
        table.Property(p => p.StockFbs).HasColumnName("stock_fbs");
        table.Property(p => p.Status).HasColumnName("status").HasMaxLength(20);
        table.Property(p => p.ReplenishedLevel).HasColumnName("replenished_level");
        table.Property(p => p.CheckedOn).HasColumnName("checked_on");
        table.Property(p => p.Version).HasColumnName("version").IsConcurrencyToken();
        table.HasIndex(p => new { p.LegalEntityId, p.SkuId }).IsUnique().HasDatabaseName("ux_products_legal_entity_sku");
        table.HasOne(p => p.Sku).WithMany().HasForeignKey(p => p.SkuId).OnDelete(DeleteBehavior.Restrict);
        table.HasOne<LegalEntityRow>().WithMany().HasForeignKey(p => p.LegalEntityId).OnDelete(DeleteBehavior.Cascade);
        table.HasOne(p => p.Notification).WithOne().HasForeignKey<NotificationRow>(n => n.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

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
    }
}

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

internal sealed class SyncOrderConfiguration : IEntityTypeConfiguration<SyncOrderRow>
{
    public void Configure(EntityTypeBuilder<SyncOrderRow> table)
    {
        table.ToTable("sync_orders");
        table.HasKey(o => new { o.LegalEntityId, o.Marketplace, o.Sku, o.Date });
        table.Property(o => o.LegalEntityId).HasColumnName("legal_entity_id");
        table.Property(o => o.Marketplace).HasColumnName("marketplace").HasMaxLength(10);
        table.Property(o => o.Sku).HasColumnName("sku").HasMaxLength(100);
        table.Property(o => o.Date).HasColumnName("date");
        table.Property(o => o.Quantity).HasColumnName("quantity");
    }
}
