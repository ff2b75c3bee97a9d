using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stock.Infrastructure.Persistence.Migrations.MySql
{
    /// <inheritdoc />
    internal partial class CatalogueListing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "delisted",
                table: "products",
                type: "varchar(10)",
                maxLength: 10,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "stock_units",
                table: "products",
                type: "longtext",
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "catalogue_cursor",
                table: "api_keys",
                type: "varchar(200)",
                maxLength: 200,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<DateOnly>(
                name: "catalogue_read_on",
                table: "api_keys",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "delisted",
                table: "products");

            migrationBuilder.DropColumn(
                name: "stock_units",
                table: "products");

            migrationBuilder.DropColumn(
                name: "catalogue_cursor",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "catalogue_read_on",
                table: "api_keys");
        }
    }
}
