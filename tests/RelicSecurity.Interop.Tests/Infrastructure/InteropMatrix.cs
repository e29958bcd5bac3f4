using System.Collections.Concurrent;
using System.Text;

namespace RelicSecurity.Interop.Tests.Infrastructure;

/// <summary>One cell: which peer, which way the calls went, which feature, and what happened.</summary>
public sealed record MatrixCell(string Peer, string Direction, string Feature, bool Pass, string Detail);

/// <summary>The peer × direction × feature matrix, rendered as a table for the test output and a file.</summary>
public sealed class InteropMatrix
{
    private readonly ConcurrentDictionary<(string Peer, string Direction, string Feature), MatrixCell> _cells = new();

    public void Add(MatrixCell cell) => _cells[(cell.Peer, cell.Direction, cell.Feature)] = cell;

    public IReadOnlyList<MatrixCell> Cells => [.. _cells.Values.OrderBy(c => c.Peer).ThenBy(c => c.Direction).ThenBy(c => c.Feature, StringComparer.Ordinal)];

    public MatrixCell? Find(string peer, string direction, string feature) =>
        _cells.TryGetValue((peer, direction, feature), out var cell) ? cell : null;

    public string Render()
    {
        var cells = Cells;
        var columns = cells.Select(c => (c.Peer, c.Direction)).Distinct().OrderBy(c => c.Peer).ThenBy(c => c.Direction).ToList();
        var features = cells.Select(c => c.Feature).Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append("| feature |");
        foreach (var (peer, direction) in columns)
        {
            text.Append(' ').Append(peer).Append(' ').Append(direction).Append(" |");
        }

        text.AppendLine().Append("|---|").AppendLine(string.Concat(Enumerable.Repeat("---|", columns.Count)));
        foreach (var feature in features)
        {
            text.Append("| ").Append(feature).Append(" |");
            foreach (var (peer, direction) in columns)
            {
                var cell = Find(peer, direction, feature);
                text.Append(' ').Append(cell is null ? "n/a" : cell.Pass ? "pass" : "FAIL").Append(" |");
            }

            text.AppendLine();
        }

        text.AppendLine().AppendLine($"interop matrix: {cells.Count(c => c.Pass)} cells pass, {cells.Count(c => !c.Pass)} cells fail");
        text.AppendLine().AppendLine("Details:");
        foreach (var cell in cells)
        {
            text.Append(cell.Pass ? "  pass " : "  FAIL ").Append(cell.Peer).Append(' ').Append(cell.Direction).Append(' ')
                .Append(cell.Feature).Append(": ").AppendLine(cell.Detail);
        }

        return text.ToString();
    }
}
