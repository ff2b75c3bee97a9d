namespace Stock.Infrastructure.Persistence.Rows;

internal sealed class LeaseRow
{
    public string Name { get; set; } = "";
    public Guid Holder { get; set; }
    public string HolderName { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
}
