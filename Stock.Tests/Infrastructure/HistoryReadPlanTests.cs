using System.Globalization;
using MySqlConnector;
using Stock.Infrastructure.Persistence;
using Stock.Tests.Fixtures;

namespace Stock.Tests.Infrastructure;

/// <summary>
/// The stored history is read by primary key, product after product, whatever MariaDB's statistics say (D40): after a
/// first sync they can still describe the empty table, and then an <c>IN (subquery)</c> scanned every stored day.
/// </summary>
[Trait("Needs", "Services")]
public sealed class HistoryReadPlanTests
{
    [Fact]
    public async Task TheHistoryRead_LooksUpEachProduct_WhenTheStatisticsDescribeAnEmptyTable()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.MySql);
        await using var connection = new MySqlConnection(database.Options.ConnectionString);
        await connection.OpenAsync();

        // Statistics taken while the table was empty and kept (InnoDB recounts in the background, after a first sync
        // has filled the table), then the days of 2,000 products.
        await ExecuteAsync(connection, "ALTER TABLE sales STATS_PERSISTENT = 1, STATS_AUTO_RECALC = 0");
        await ExecuteAsync(connection, "ANALYZE TABLE sales");
        await ExecuteAsync(connection, "SET FOREIGN_KEY_CHECKS = 0");
        await ExecuteAsync(connection, """
            INSERT INTO sales (product_id, date, quantity, in_stock, stock)
            SELECT p.seq, DATE_ADD('2026-01-01', INTERVAL d.seq DAY), 1, 1, 5 FROM seq_1_to_2000 AS p, seq_0_to_59 AS d
            """);

        // The read's SELECT, without the SET of the session's group_concat_max_len sent before it in the same command.
        var read = SqlDialect.MySql.ReadSales;
        var plan = await ExplainAsync(connection, string.Format(
            CultureInfo.InvariantCulture,
            read[read.IndexOf("SELECT", StringComparison.Ordinal)..],
            "'[" + string.Join(',', Enumerable.Range(1, 200).Select(i => i * 10)) + "]'",
            "'2026-01-31'"));

        var sales = plan.Where(row => row.Table is "s" or "sales").ToList();
        sales.Should().ContainSingle().Which.Should().Be(("s", "ref", "PRIMARY"), "each product's days are one range of the primary key");
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<(string? Table, string? Type, string? Key)>> ExplainAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand("EXPLAIN " + sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string?, string?, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((Text(reader, "table"), Text(reader, "type"), Text(reader, "key")));
        }

        return rows;
    }

    private static string? Text(MySqlDataReader record, string column)
    {
        var ordinal = record.GetOrdinal(column);
        return record.IsDBNull(ordinal) ? null : Convert.ToString(record.GetValue(ordinal), CultureInfo.InvariantCulture);
    }
}
