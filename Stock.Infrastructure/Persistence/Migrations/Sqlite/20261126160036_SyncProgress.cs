using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stock.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class SyncProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sync_orders");

            migrationBuilder.DropTable(
                name: "sync_progress");
        }
    }
}
