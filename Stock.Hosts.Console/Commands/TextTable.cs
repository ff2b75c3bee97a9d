using Stock.Application.Localization;

namespace Stock.Hosts.Console.Commands;

/// <summary>A plain text table with aligned columns: text left, numbers right, in the culture of <paramref name="text"/>.</summary>
public sealed class TextTable(StockText text, params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly bool[] _numeric = new bool[headers.Length];

    public void Add(params object?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            _numeric[i] |= cells[i] is int or long or double or decimal;
        }

        _rows.Add(cells.Select(c => c switch
        {
            null => "",
            double d => text.Number(d, 1),
            int i => text.Number(i),
            long l => text.Number(l),
            DateOnly date => text.Date(date),
            IFormattable f => f.ToString(null, text.Culture),
            _ => c.ToString() ?? "",
        }).ToArray());
    }

    public async Task WriteAsync(TextWriter output)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        await output.WriteLineAsync(Line(headers, widths, header: true));
        await output.WriteLineAsync(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            await output.WriteLineAsync(Line(row, widths, header: false));
        }
    }

    private string Line(string[] cells, int[] widths, bool header) =>
        string.Join("  ", cells.Select((c, i) => !header && _numeric[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
}
