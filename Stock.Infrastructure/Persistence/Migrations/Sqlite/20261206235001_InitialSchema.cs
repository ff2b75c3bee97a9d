using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stock.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "check_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    legal_entity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    business_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    finished_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    marketplaces = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    products = table.Column<int>(type: "INTEGER", nullable: false),
                    events = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_check_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "dedup_keys",
                columns: table => new
                {
                    dedup_key = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dedup_keys", x => x.dedup_key);
                });

            migrationBuilder.CreateTable(
                name: "leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    holder = table.Column<Guid>(type: "TEXT", nullable: false),
                    holder_name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_leases", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "legal_entities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_legal_entities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    event_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    dedup_key = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    legal_entity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    attributes = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    processed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    claimed_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    claimed_until = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "skus",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    marketplace = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    sku = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    vendor_code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_skus", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sync_orders",
                columns: table => new
                {
                    legal_entity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    marketplace = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    sku = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sync_orders", x => new { x.legal_entity_id, x.marketplace, x.sku, x.date });
                });

            migrationBuilder.CreateTable(
                name: "sync_progress",
                columns: table => new
                {
                    legal_entity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    marketplace = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    since = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    cursor = table.Column<string>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sync_progress", x => new { x.legal_entity_id, x.marketplace });
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    legal_entity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    marketplace = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    client_id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    secret = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    sales_synced_through = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_success_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_failure_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_failure = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_keys", x => x.id);
                    table.ForeignKey(
                        name: "FK_api_keys_legal_entities_legal_entity_id",
                        column: x => x.legal_entity_id,
                        principalTable: "legal_entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "products",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    legal_entity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sku_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    stock_fbo = table.Column<int>(type: "INTEGER", nullable: false),
                    stock_fbs = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    replenished_level = table.Column<int>(type: "INTEGER", nullable: false),
                    checked_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    in_transit = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    ship_lead_days = table.Column<int>(type: "INTEGER", nullable: true),
                    reorder_lead_days = table.Column<int>(type: "INTEGER", nullable: true),
                    pack_size = table.Column<int>(type: "INTEGER", nullable: true),
                    supply_off = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_products", x => x.id);
                    table.ForeignKey(
                        name: "FK_products_legal_entities_legal_entity_id",
                        column: x => x.legal_entity_id,
                        principalTable: "legal_entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_products_skus_sku_id",
                        column: x => x.sku_id,
                        principalTable: "skus",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    product_id = table.Column<long>(type: "INTEGER", nullable: false),
                    band = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    notified_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    clusters = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ship_due_since = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    reorder_due_since = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifications", x => x.product_id);
                    table.ForeignKey(
                        name: "FK_notifications_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sales",
                columns: table => new
                {
                    product_id = table.Column<long>(type: "INTEGER", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    in_stock = table.Column<bool>(type: "INTEGER", nullable: false),
                    stock = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales", x => new { x.product_id, x.date });
                    table.ForeignKey(
                        name: "FK_sales_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ux_api_keys_legal_entity_marketplace",
                table: "api_keys",
                columns: new[] { "legal_entity_id", "marketplace" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_check_runs_legal_entity_started",
                table: "check_runs",
                columns: new[] { "legal_entity_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ux_legal_entities_name",
                table: "legal_entities",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_legal_entity_id",
                table: "outbox_messages",
                columns: new[] { "legal_entity_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_status_id",
                table: "outbox_messages",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_outbox_messages_event_id",
                table: "outbox_messages",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_products_sku_id",
                table: "products",
                column: "sku_id");

            migrationBuilder.CreateIndex(
                name: "ux_products_legal_entity_sku",
                table: "products",
                columns: new[] { "legal_entity_id", "sku_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_skus_marketplace_sku",
                table: "skus",
                columns: new[] { "marketplace", "sku" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "check_runs");

            migrationBuilder.DropTable(
                name: "dedup_keys");

            migrationBuilder.DropTable(
                name: "leases");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "sales");

            migrationBuilder.DropTable(
                name: "sync_orders");

            migrationBuilder.DropTable(
                name: "sync_progress");

            migrationBuilder.DropTable(
                name: "products");

            migrationBuilder.DropTable(
                name: "legal_entities");

            migrationBuilder.DropTable(
                name: "skus");
        }
    }
}
