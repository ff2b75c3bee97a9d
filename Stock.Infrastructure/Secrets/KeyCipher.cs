using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Stock.Infrastructure.Persistence;

namespace Stock.Infrastructure.Secrets;

/// <summary>
/// Encrypts marketplace keys at rest (docs/contracts.md, Keys at rest): AES-256-GCM, a fresh 96-bit nonce per write, the row
/// (legal entity and marketplace) as associated data so that a ciphertext moved to another row does not decrypt, and
/// the id of the encryption key in the stored text, <c>enc:v1:&lt;key id&gt;:&lt;base64(nonce, tag, ciphertext)&gt;</c>,
/// so that keys rotate: the current key encrypts, the current and previous keys decrypt. A value without the prefix
/// was written in plain text by an older version: it is read as it is, and encrypted on the next write or rotation.
/// </summary>
internal sealed class KeyCipher
{
    private const string Prefix = "enc:v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Lazy<KeyRing> _keys;

    public KeyCipher(Func<KeyRing> keys) => _keys = new Lazy<KeyRing>(keys, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The id of the key new values are encrypted with.</summary>
    public string CurrentKeyId => _keys.Value.Current.Id;

    public static bool IsEncrypted(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Encrypt(string secret, string row)
    {
        var key = _keys.Value.Current;
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Bytes, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(row));
        return $"{Prefix}{key.Id}:{Convert.ToBase64String(sealedBytes)}";
    }

    /// <param name="stored">The stored text.</param>
    /// <param name="row">The row it belongs to (the associated data).</param>
    /// <param name="name">How an error names the key, e.g. "the wb key of 'ООО Амодекор'"; the row when null.</param>
    /// <exception cref="StockConfigurationException">The value was encrypted with a key that is not configured, or it was altered.</exception>
    public string Decrypt(string stored, string row, string? name = null) =>
        TryDecrypt(stored, row, name ?? $"the key of {row}", out var secret, out var error) ? secret : throw new StockConfigurationException(error);

    /// <summary>
    /// Decrypts one stored key; false, with the reason naming it, when this key cannot be read (an encryption key that
    /// is not configured, or an altered value). The encryption keys themselves failing (a missing key file, a
    /// malformed setting) is no answer about one key: that throws.
    /// </summary>
    /// <exception cref="StockConfigurationException">The encryption keys cannot be had.</exception>
    public bool TryDecrypt(string stored, string row, string name, out string secret, out string error)
    {
        (secret, error) = (stored, string.Empty);
        if (!IsEncrypted(stored))
        {
            return true;
        }

        var parts = stored[Prefix.Length..].Split(':', 2);
        var key = parts.Length == 2 ? _keys.Value.Find(parts[0]) : null;
        if (key is null)
        {
            error = $"{Capitalized(name)} was encrypted with encryption key '{(parts.Length == 2 ? parts[0] : "?")}', which is neither Stock:Secrets:Key nor one of Stock:Secrets:PreviousKeys.";
            return false;
        }

        try
        {
            var sealedBytes = Convert.FromBase64String(parts[1]);
            var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
            using var aes = new AesGcm(key.Bytes, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(row));
            secret = Encoding.UTF8.GetString(plain);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or OverflowException)
        {
            error = $"{Capitalized(name)} does not decrypt: it was altered or belongs to another row.";
            return false;
        }
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>An encryption key and its id (the first 8 hex digits of its SHA-256, which reveal nothing of it).</summary>
internal sealed record EncryptionKey(string Id, byte[] Bytes)
{
    public static EncryptionKey From(byte[] bytes) =>
        new(Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 4)), bytes);
}

/// <summary>The current encryption key and the previous ones that still decrypt.</summary>
internal sealed record KeyRing(EncryptionKey Current, IReadOnlyList<EncryptionKey> Previous)
{
    public EncryptionKey? Find(string id) => Current.Id == id ? Current : Previous.FirstOrDefault(k => k.Id == id);
}

/// <summary>
/// Where the encryption keys come from: <c>Stock:Secrets:Key</c> (base64 of 32 bytes; on Cloud Run from Secret Manager
/// with <c>--set-secrets</c>) and <c>Stock:Secrets:PreviousKeys</c> (the same, comma-separated, for rotation). Without
/// them the embedded SQLite default keeps a key file readable by its owner only beside the database file; a server
/// database needs the setting (a key file on an instance's disk would be lost with the instance).
/// </summary>
internal static class KeyRingSource
{
    public const string KeySetting = "Stock:Secrets:Key";
    public const string PreviousKeysSetting = "Stock:Secrets:PreviousKeys";

    public static KeyRing Resolve(IConfiguration configuration, DatabaseOptions database)
    {
        var configured = configuration[KeySetting];
        var previous = (configuration[PreviousKeysSetting] ?? string.Empty)
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => Parse(k, PreviousKeysSetting))
            .ToArray();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new KeyRing(Parse(configured, KeySetting), previous);
        }

        if (database.Provider != DatabaseProvider.Sqlite)
        {
            throw new StockConfigurationException(
                $"{KeySetting} is not set: with {database.Provider} the marketplace keys at rest need an encryption key (base64 of 32 bytes, e.g. `openssl rand -base64 32`; on Cloud Run from Secret Manager).");
        }

        return new KeyRing(KeyFile(database), previous);
    }

    private static EncryptionKey Parse(string base64, string setting)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new StockConfigurationException($"{setting} is not base64.");
        }

        return bytes.Length == 32
            ? EncryptionKey.From(bytes)
            : throw new StockConfigurationException($"{setting} holds {bytes.Length} bytes; an AES-256 key is 32 bytes (base64 of 32 bytes).");
    }

    /// <summary>
    /// The key file beside the SQLite file (<c>stock.db.key</c>), readable by its owner only. It is created only with a
    /// database that holds no encrypted key yet: a missing file beside stored keys is refused, naming it, since a new
    /// key would make every stored key unreadable; and a file others may read is refused with the command that fixes it.
    /// </summary>
    private static EncryptionKey KeyFile(DatabaseOptions database)
    {
        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file::memory:", StringComparison.Ordinal))
        {
            return EncryptionKey.From(RandomNumberGenerator.GetBytes(32));
        }

        var path = Path.GetFullPath(source) + ".key";
        if (!File.Exists(path))
        {
            if (HoldsEncryptedKeys(Path.GetFullPath(source)))
            {
                throw new StockConfigurationException(
                    $"The key file {path} is missing, but {Path.GetFullPath(source)} holds marketplace keys encrypted with it: restore the file (a new one would make every stored key unreadable), or give that key in {KeySetting}.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, Encoding.ASCII, options);
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }
        else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            var mode = Convert.ToString((int)File.GetUnixFileMode(path), 8);
            throw new StockConfigurationException($"The key file {path} may be read by others (mode {mode}): make it its owner's only, `chmod 600 {path}`.");
        }

        return Parse(File.ReadAllText(path), $"the key file {path}");
    }

    // Whether the SQLite file exists and holds a key encrypted under some encryption key (read-only; no schema: none).
    private static bool HoldsEncryptedKeys(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
                new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = file, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1 FROM api_keys WHERE secret LIKE 'enc:v1:%' LIMIT 1";
            return command.ExecuteScalar() is not null;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return false; // no api_keys table yet: a new database
        }
    }
}
