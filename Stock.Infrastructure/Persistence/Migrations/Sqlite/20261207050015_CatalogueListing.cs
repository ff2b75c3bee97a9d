using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stock.Infrastructure.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "stock_units",
                table: "products",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "catalogue_cursor",
                table: "api_keys",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "catalogue_read_on",
                table: "api_keys",
                type: "TEXT",
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
