using System.Globalization;

namespace KerasSharp.Datasets;

/// <summary>The columns a CSV file's features and label come from, their kinds, categories and statistics.</summary>
internal sealed class Schema
{
    private readonly int[] _features;
    private readonly CsvColumn[] _columns;
    private readonly int _label;
    private readonly CsvColumn? _labelColumn;
    private readonly string[] _names;

    private Schema(string[] names, int[] features, CsvColumn[] columns, int label, CsvColumn? labelColumn)
    {
        _names = names;
        _features = features;
        _columns = columns;
        _label = label;
        _labelColumn = labelColumn;
    }

    public static Schema Infer(string path, string[] names, List<(long Row, string[] Cells)> rows, string? labelColumn,
                               IReadOnlyList<string>? columns, int maxCategories)
    {
        int Resolve(string name, string what)
        {
            int i = Array.IndexOf(names, name);
            if (i >= 0) return i;
            throw new DatasetFormatException(path, $"has no {what} column '{name}'; its columns are {string.Join(", ", names.Select(n => $"'{n}'"))}.");
        }
        int label = labelColumn is null ? -1 : Resolve(labelColumn, "label");
        var features = columns is null
            ? Enumerable.Range(0, names.Length).Where(i => i != label).ToArray()
            : columns.Select(c => Resolve(c, "selected")).ToArray();
        if (features.Contains(label)) throw new ArgumentException($"CsvDataset: '{labelColumn}' is the label column; leave it out of the feature columns.");
        var kinds = features.Select(i => Describe(names[i], i, rows, maxCategories, isLabel: false)).ToArray();
        var labelKind = label < 0 ? null : Describe(names[label], label, rows, int.MaxValue, isLabel: true);
        return new Schema(names, features, kinds, label, labelKind);
    }

    private static CsvColumn Describe(string name, int index, List<(long Row, string[] Cells)> rows, int maxCategories, bool isLabel)
    {
        double sum = 0;
        long count = 0;
        bool numeric = true;
        var counts = new Dictionary<string, int>();
        foreach (var (_, cells) in rows)
        {
            var cell = cells[index];
            if (CsvDataset.IsMissing(cell)) continue;
            if (numeric && CsvDataset.TryNumber(cell, out var v)) { sum += v; count++; }
            else numeric = false;
            if (counts.Count <= maxCategories || counts.ContainsKey(cell)) counts[cell] = counts.GetValueOrDefault(cell) + 1;
        }
        string? mode = counts.Count == 0 ? null : counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
        if (numeric) return new CsvColumn(name, CsvColumnKind.Numeric, [], count == 0 ? 0 : sum / count, mode);
        if (counts.Count <= maxCategories || isLabel)
            return new CsvColumn(name, CsvColumnKind.Categorical, counts.Keys.Order(StringComparer.Ordinal).ToArray(), 0, mode);
        return new CsvColumn(name, CsvColumnKind.Text, [], 0, null);
    }

    public CsvData Build(string path, List<(long Row, string[] Cells)> rows, MissingValues missing)
    {
        var featureNames = new List<string>();
        foreach (var c in _columns)
            if (c.Kind == CsvColumnKind.Numeric) featureNames.Add(c.Name);
            else if (c.Kind == CsvColumnKind.Categorical) featureNames.AddRange(c.Categories.Select(k => $"{c.Name}={k}"));
        int width = featureNames.Count;
        var kept = new List<(long Row, string[] Cells)>(rows.Count);
        foreach (var r in rows)
        {
            bool drop = false;
            foreach (var i in _features.Append(_label).Where(i => i >= 0))
                if (CsvDataset.IsMissing(r.Cells[i]))
                {
                    if (missing == MissingValues.DropRow) { drop = true; break; }
                    if (missing == MissingValues.Error)
                        throw new DatasetFormatException(path, $"row {r.Row}, column '{_names[i]}': the cell is missing ('{r.Cells[i]}'); pass missingValues: Mean, Zero or DropRow to accept it.");
                }
            if (!drop) kept.Add(r);
        }
        var x = new float[(long)kept.Count * width];
        var text = _columns.Where(c => c.Kind == CsvColumnKind.Text).ToDictionary(c => c.Name, _ => new string[kept.Count]);
        float[]? yFloat = _labelColumn?.Kind == CsvColumnKind.Numeric ? new float[kept.Count] : null;
        long[]? yClass = _labelColumn?.Kind == CsvColumnKind.Categorical ? new long[kept.Count] : null;
        for (int r = 0; r < kept.Count; r++)
        {
            var (row, cells) = kept[r];
            int f = 0;
            for (int k = 0; k < _features.Length; k++)
            {
                var column = _columns[k];
                var cell = cells[_features[k]];
                switch (column.Kind)
                {
                    case CsvColumnKind.Numeric:
                        x[(long)r * width + f++] = (float)Number(path, row, column, cell, missing);
                        break;
                    case CsvColumnKind.Categorical:
                    {
                        int at = Category(path, row, column, cell, missing);
                        if (at >= 0) x[(long)r * width + f + at] = 1;
                        f += column.Categories.Count;
                        break;
                    }
                    default:
                        text[column.Name][r] = cell;
                        break;
                }
            }
            if (yFloat is not null) yFloat[r] = (float)Number(path, row, _labelColumn!, cells[_label], missing);
            if (yClass is not null)
            {
                int at = Category(path, row, _labelColumn!, cells[_label], missing);
                yClass[r] = at >= 0 ? at : throw new DatasetFormatException(path, $"row {row}, column '{_labelColumn!.Name}': the label is missing.");
            }
        }
        var xt = Tensor.FromArray(x, kept.Count, width);
        Tensor? yt = yFloat is not null ? Tensor.FromArray(yFloat) : yClass is not null ? Tensor.FromArray(yClass) : null;
        return new CsvData(xt, yt, featureNames, _columns, _labelColumn, text);
    }

    private static double Number(string path, long row, CsvColumn column, string cell, MissingValues missing)
    {
        if (CsvDataset.IsMissing(cell)) return missing == MissingValues.Mean ? column.Mean : 0;
        if (CsvDataset.TryNumber(cell, out var v)) return v;
        throw new DatasetFormatException(path, $"row {row}, column '{column.Name}': '{Short(cell)}' is not a number (the column is numeric).");
    }

    private static int Category(string path, long row, CsvColumn column, string cell, MissingValues missing)
    {
        if (CsvDataset.IsMissing(cell))
        {
            if (missing == MissingValues.Mean && column.MostFrequent is { } mode) cell = mode;
            else return -1;   // Zero: no category set
        }
        int at = BinarySearch(column.Categories, cell);
        if (at < 0)
            throw new DatasetFormatException(path, $"row {row}, column '{column.Name}': '{Short(cell)}' is not one of the column's categories ({string.Join(", ", column.Categories.Take(10))}{(column.Categories.Count > 10 ? ", ..." : "")}).");
        return at;
    }

    private static int BinarySearch(IReadOnlyList<string> sorted, string value)
    {
        int lo = 0, hi = sorted.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            int c = string.CompareOrdinal(sorted[mid], value);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    private static string Short(string s) => s.Length > 40 ? s[..40] + "..." : s;
}
