using System.Globalization;

namespace Stock.Infrastructure.Persistence;

/// <summary>
/// The statements of the batched write path, and the read of a batch's history, per provider. Each takes the whole
/// batch as one JSON array parameter and reads it with <c>json_each</c> (SQLite) or <c>JSON_TABLE</c> (MariaDB 10.6+,
/// MySQL 8), so that a batch costs the same few commands whether it holds ten products or ten thousand.
/// </summary>
internal sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new()
    {
        UpsertSkus = """
            INSERT INTO skus (marketplace, sku, vendor_code)
            SELECT value ->> '$.m', value ->> '$.s', value ->> '$.v' FROM json_each({0}) WHERE true
            ON CONFLICT (marketplace, sku) DO UPDATE SET vendor_code = excluded.vendor_code
            """,
        InsertProducts = """
            INSERT INTO products (legal_entity_id, sku_id, name, url, stock_fbo, stock_fbs, status, replenished_level, checked_on, in_transit, stock_units, version, supply_off)
            SELECT value ->> '$.le', value ->> '$.sku', value ->> '$.n', value ->> '$.u', value ->> '$.fbo', value ->> '$.fbs',
                   value ->> '$.st', value ->> '$.rl', value ->> '$.on', value ->> '$.tr', value ->> '$.su', 0, 0
            FROM json_each({0})
            """,
        UpdateProducts = """
            UPDATE products
            SET name = j.n, url = j.u, stock_fbo = j.fbo, stock_fbs = j.fbs, status = j.st, replenished_level = j.rl,
                checked_on = j.on_, in_transit = j.tr, stock_units = j.su, delisted = NULL, version = products.version + 1
            FROM (SELECT value ->> '$.id' AS id, value ->> '$.ver' AS ver, value ->> '$.n' AS n, value ->> '$.u' AS u,
                         value ->> '$.fbo' AS fbo, value ->> '$.fbs' AS fbs, value ->> '$.st' AS st, value ->> '$.rl' AS rl,
                         value ->> '$.on' AS on_, value ->> '$.tr' AS tr, value ->> '$.su' AS su
                  FROM json_each({0})) AS j
            WHERE products.id = j.id AND products.version = j.ver
            """,
        UpsertNotifications = """
            INSERT INTO notifications (product_id, band, notified_on, clusters, ship_due_since, reorder_due_since)
            SELECT value ->> '$.p', value ->> '$.b', value ->> '$.on', value ->> '$.c', value ->> '$.sh', value ->> '$.ro' FROM json_each({0}) WHERE true
            ON CONFLICT (product_id) DO UPDATE SET band = excluded.band, notified_on = excluded.notified_on, clusters = excluded.clusters,
                ship_due_since = excluded.ship_due_since, reorder_due_since = excluded.reorder_due_since
            """,
        UpsertSales = """
            INSERT INTO sales (product_id, date, quantity, in_stock, stock)
            SELECT value ->> '$.p', value ->> '$.d', value ->> '$.q', value ->> '$.s', value ->> '$.k' FROM json_each({0}) WHERE true
            ON CONFLICT (product_id, date) DO UPDATE SET quantity = excluded.quantity, in_stock = (sales.in_stock OR excluded.in_stock), stock = COALESCE(excluded.stock, sales.stock)
            """,
        AddSyncOrders = """
            INSERT INTO sync_orders (legal_entity_id, marketplace, sku, date, quantity)
            SELECT value ->> '$.le', value ->> '$.m', value ->> '$.s', value ->> '$.d', value ->> '$.q' FROM json_each({0}) WHERE true
            ON CONFLICT (legal_entity_id, marketplace, sku, date) DO UPDATE SET quantity = sync_orders.quantity + excluded.quantity
            """,
        InsertOutbox = """
            INSERT INTO outbox_messages (event_id, event_type, dedup_key, legal_entity_id, payload, attributes, created_at, status, processed_at, reason)
            SELECT value ->> '$.id', value ->> '$.t', value ->> '$.k', value ->> '$.le', value ->> '$.p', value ->> '$.a',
                   value ->> '$.c', value ->> '$.s', value ->> '$.pa', value ->> '$.r'
            FROM json_each({0})
            """,
        // EF Core's SQLite provider stores a DateTime as this text, and compares the texts.
        FormatDateTime = at => at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        ReadSales = """
            SELECT product_id AS ProductId, COUNT(*) AS Count,
                   group_concat(CAST(julianday(date) - 2440587.5 AS INTEGER) || ',' || quantity || ',' || in_stock || ',' || ifnull(stock, ''), ';') AS Days
            FROM sales WHERE product_id IN (SELECT value FROM json_each({0})) AND date >= {1}
            GROUP BY product_id
            """,
        // EF Core's SQLite provider stores a Guid as upper-case text.
        FormatGuid = id => id.ToString("D", CultureInfo.InvariantCulture).ToUpperInvariant(),
    };

    public static readonly SqlDialect MySql = new()
    {
        UpsertSkus = """
            INSERT INTO skus (marketplace, sku, vendor_code)
            SELECT j.m, j.s, j.v
            FROM JSON_TABLE({0}, '$[*]' COLUMNS (m VARCHAR(10) PATH '$.m', s VARCHAR(100) PATH '$.s', v VARCHAR(100) PATH '$.v')) AS j
            ON DUPLICATE KEY UPDATE vendor_code = VALUES(vendor_code)
            """,
        InsertProducts = """
            INSERT INTO products (legal_entity_id, sku_id, name, url, stock_fbo, stock_fbs, status, replenished_level, checked_on, in_transit, stock_units, version, supply_off)
            SELECT j.le, j.sku, j.n, j.u, j.fbo, j.fbs, j.st, j.rl, j.on_, j.tr, j.su, 0, 0
            FROM JSON_TABLE({0}, '$[*]' COLUMNS (
                le CHAR(36) PATH '$.le', sku BIGINT PATH '$.sku', n VARCHAR(1000) PATH '$.n', u VARCHAR(1000) PATH '$.u',
                fbo INT PATH '$.fbo', fbs INT PATH '$.fbs', st VARCHAR(20) PATH '$.st', rl INT PATH '$.rl', on_ DATE PATH '$.on',
                tr INT PATH '$.tr', su VARCHAR(16000) PATH '$.su')) AS j
            """,
        UpdateProducts = """
            UPDATE products p
            JOIN JSON_TABLE({0}, '$[*]' COLUMNS (
                id BIGINT PATH '$.id', ver INT PATH '$.ver', n VARCHAR(1000) PATH '$.n', u VARCHAR(1000) PATH '$.u',
                fbo INT PATH '$.fbo', fbs INT PATH '$.fbs', st VARCHAR(20) PATH '$.st', rl INT PATH '$.rl', on_ DATE PATH '$.on',
                tr INT PATH '$.tr', su VARCHAR(16000) PATH '$.su')) AS j
              ON p.id = j.id AND p.version = j.ver
            SET p.name = j.n, p.url = j.u, p.stock_fbo = j.fbo, p.stock_fbs = j.fbs, p.status = j.st,
                p.replenished_level = j.rl, p.checked_on = j.on_, p.in_transit = j.tr, p.stock_units = j.su, p.delisted = NULL,
                p.version = p.version + 1
            """,
        UpsertNotifications = """
            INSERT INTO notifications (product_id, band, notified_on, clusters, ship_due_since, reorder_due_since)
            SELECT j.p, j.b, j.on_, j.c, j.sh, j.ro
            FROM JSON_TABLE({0}, '$[*]' COLUMNS (p BIGINT PATH '$.p', b VARCHAR(10) PATH '$.b', on_ DATE PATH '$.on', c VARCHAR(1000) PATH '$.c',
                sh DATE PATH '$.sh', ro DATE PATH '$.ro')) AS j
            ON DUPLICATE KEY UPDATE band = VALUES(band), notified_on = VALUES(notified_on), clusters = VALUES(clusters),
                ship_due_since = VALUES(ship_due_since), reorder_due_since = VALUES(reorder_due_since)
            """,
        UpsertSales = """
            INSERT INTO sales (product_id, date, quantity, in_stock, stock)
            SELECT j.p, j.d, j.q, j.s, j.k
            FROM JSON_TABLE({0}, '$[*]' COLUMNS (p BIGINT PATH '$.p', d DATE PATH '$.d', q INT PATH '$.q', s TINYINT PATH '$.s', k INT PATH '$.k')) AS j
            ON DUPLICATE KEY UPDATE quantity = VALUES(quantity), in_stock = (in_stock OR VALUES(in_stock)), stock = COALESCE(VALUES(stock), stock)
            """,
        InsertOutbox = """
            INSERT INTO outbox_messages (event_id, event_type, dedup_key, legal_entity_id, payload, attributes, created_at, status, processed_at, reason)
            SELECT j.id, j.t, j.k, j.le, j.p, j.a, j.c, j.s, j.pa, j.r
            FROM JSON_TABLE({0}, '$[*]' COLUMNS (
                id CHAR(36) PATH '$.id', t VARCHAR(50) PATH '$.t', k VARCHAR(255) PATH '$.k', le CHAR(36) PATH '$.le',
                p LONGTEXT PATH '$.p', a LONGTEXT PATH '$.a', c DATETIME(6) PATH '$.c', s INT PATH '$.s',
                pa DATETIME(6) PATH '$.pa', r VARCHAR(500) PATH '$.r')) AS j
            """,
        FormatDateTime = at => at.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        AddSyncOrders = """
            INSERT INTO sync_orders (legal_entity_id, marketplace, sku, date, quantity)
            SELECT j.le, j.m, j.s, j.d, j.q
            FROM JSON_TABLE({0}, '$[*]' COLUMNS (le CHAR(36) PATH '$.le', m VARCHAR(10) PATH '$.m', s VARCHAR(100) PATH '$.s', d DATE PATH '$.d', q INT PATH '$.q')) AS j
            ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)
            """,
        // The ids drive the join (STRAIGHT_JOIN): as `product_id IN (SELECT ... JSON_TABLE ...)`, MariaDB chose by the
        // table's statistics, and statistics taken while `sales` was nearly empty (a first sync fills it faster than
        // InnoDB recounts) made it scan every stored day for each batch (D40; measured in docs/performance.md).
        //
        // GROUP_CONCAT cuts its text at group_concat_max_len: 1 MB on MariaDB, but 1,024 bytes on MySQL 8 (Cloud SQL),
        // which 60 days of a large seller's product pass (D41). The session's limit is raised in the same command, so
        // it costs no round trip, holds on every connection (a pooled one is reset when returned) and needs no server
        // setting; 16 MB holds the 400 days of retention many times over.
        ReadSales = """
            SET SESSION group_concat_max_len = 16777216;
            SELECT s.product_id AS ProductId, COUNT(*) AS Count,
                   CAST(GROUP_CONCAT(DATEDIFF(s.date, '1970-01-01'), ',', s.quantity, ',', s.in_stock, ',', IFNULL(s.stock, '') SEPARATOR ';') AS CHAR) AS Days
            FROM (SELECT DISTINCT jt.p FROM JSON_TABLE({0}, '$[*]' COLUMNS (p BIGINT PATH '$')) AS jt) AS j
            STRAIGHT_JOIN sales AS s ON s.product_id = j.p AND s.date >= {1}
            GROUP BY s.product_id
            """,
        FormatGuid = id => id.ToString("D", CultureInfo.InvariantCulture),
    };

    private SqlDialect()
    {
    }

    /// <summary>Skus <c>{m, s, v}</c>: inserted, or their vendor code updated.</summary>
    public required string UpsertSkus { get; init; }

    /// <summary>New products <c>{le, sku, n, u, fbo, fbs, st?, rl, on?}</c>, at version 0.</summary>
    public required string InsertProducts { get; init; }

    /// <summary>Loaded products <c>{id, ver, ...}</c>, updated only where the version is still the one loaded.</summary>
    public required string UpdateProducts { get; init; }

    /// <summary>Band memory, cluster memory and supply memory <c>{p, b?, on?, c?, sh?, ro?}</c> per product.</summary>
    public required string UpsertNotifications { get; init; }

    /// <summary>
    /// Day records <c>{p, d, q, s}</c>: the quantity is replaced and the day stays in stock if it was
    /// (the merge rule of docs/domain.md), so that a re-run changes nothing.
    /// </summary>
    public required string UpsertSales { get; init; }

    /// <summary>
    /// New outbox rows <c>{id, t, k, le, p, a, c, s, pa?, r?}</c>: one statement for a batch's alerts, where EF Core
    /// sends SQLite one command per row.
    /// </summary>
    public required string InsertOutbox { get; init; }

    /// <summary>A UTC <see cref="DateTime"/> as the provider stores it.</summary>
    public required Func<DateTime, string> FormatDateTime { get; init; }

    /// <summary>Units of a long sync's pages <c>{le, m, s, d, q}</c>, added to what is stored.</summary>
    public required string AddSyncOrders { get; init; }

    /// <summary>
    /// The day records of the products whose ids are the JSON array <c>{0}</c>, from the date <c>{1}</c> on, one
    /// <see cref="Rows.SaleDaysRow"/> per product: its records packed into one text (one statement text whatever the
    /// batch, so that EF Core compiles it once).
    /// </summary>
    public required string ReadSales { get; init; }

    /// <summary>A Guid as the provider stores it.</summary>
    public required Func<Guid, string> FormatGuid { get; init; }
}
