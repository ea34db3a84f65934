using System.Globalization;
using CsvHelper;

namespace KerasSharp.Datasets;

/// <summary>What to do with an empty (or "NA", "NaN", "?") cell.</summary>
public enum MissingValues
{
    /// <summary>Fail, naming the file, the row and the column.</summary>
    Error,
    /// <summary>Numeric cells take the column's mean; categorical cells its most frequent value.</summary>
    Mean,
    /// <summary>Numeric cells take 0; categorical cells a category of their own ("").</summary>
    Zero,
    /// <summary>Leave out the rows that have one.</summary>
    DropRow,
}

/// <summary>The kind a CSV column was inferred (or declared) to be.</summary>
public enum CsvColumnKind
{
    /// <summary>Numbers (invariant culture): one float32 feature.</summary>
    Numeric,
    /// <summary>A few distinct strings: one-hot features, one per category (sorted).</summary>
    Categorical,
    /// <summary>Free text (many distinct strings): not a feature; read it with <see cref="CsvData.Text"/>.</summary>
    Text,
}

/// <summary>One column of a CSV schema: its name, its kind, and for categorical columns the categories in feature order.</summary>
public sealed record CsvColumn(string Name, CsvColumnKind Kind, IReadOnlyList<string> Categories, double Mean, string? MostFrequent);

/// <summary>A CSV file read into memory: features, label, and the schema that produced them.</summary>
public sealed class CsvData
{
    internal CsvData(Tensor x, Tensor? y, IReadOnlyList<string> featureNames, IReadOnlyList<CsvColumn> columns, CsvColumn? label,
                     Dictionary<string, string[]> text)
    {
        X = x;
        Y = y;
        FeatureNames = featureNames;
        Columns = columns;
        Label = label;
        _text = text;
    }

    private readonly Dictionary<string, string[]> _text;

    /// <summary>The features, float32 [rows, features]: numeric columns as they are, categorical ones one-hot.</summary>
    public Tensor X { get; }

    /// <summary>The label column: float32 [rows] for numbers, int64 class indices for categories (see <see cref="CsvColumn.Categories"/> of <see cref="Label"/>); null without a label column.</summary>
    public Tensor? Y { get; }

    /// <summary>Names of the columns of <see cref="X"/> ("color=red" for a one-hot feature).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The schema of the feature columns, in file order (text columns included).</summary>
    public IReadOnlyList<CsvColumn> Columns { get; }

    /// <summary>The label column's schema, or null.</summary>
    public CsvColumn? Label { get; }

    /// <summary>The cells of a text column, one per kept row.</summary>
    public string[] Text(string column) =>
        _text.TryGetValue(column, out var t) ? t : throw new KeyNotFoundException($"CsvData: '{column}' is not a text column (text columns: {string.Join(", ", _text.Keys)}).");

    /// <summary>A dataset of (x, y) rows (or (x) rows without a label), to shuffle and batch.</summary>
    public Dataset ToDataset() => Y is null ? Dataset.FromTensorSlices(X) : Dataset.FromTensorSlices(X, Y);
}

/// <summary>
/// CSV files as training data, read with CsvHelper: a header row or not, column selection, type inference (numeric,
/// categorical, text), a missing-value policy, and, for files larger than memory, streaming in batches
/// (<see cref="Stream"/>). Errors name the file, the row (1-based, as an editor shows it) and the column.
/// </summary>
public static class CsvDataset
{
    private static readonly HashSet<string> MissingMarkers = ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "?"];

    /// <summary>
    /// Reads the whole file. <paramref name="labelColumn"/> names the label (a header name, or "3" for the fourth column
    /// of a file without header); <paramref name="columns"/> keeps only those feature columns; <paramref name="skipRows"/>
    /// skips lines before the header (or data). A column is numeric when every present cell is a number, categorical
    /// when it has at most <paramref name="maxCategories"/> distinct values, text otherwise.
    /// </summary>
    /// <exception cref="DatasetFormatException">A row has the wrong number of cells, a numeric cell is not a number, or a missing cell meets <see cref="MissingValues.Error"/>; the message names the file, row and column.</exception>
    public static CsvData Load(string path, string? labelColumn = null, bool hasHeader = true, IReadOnlyList<string>? columns = null,
                               MissingValues missingValues = MissingValues.Error, string delimiter = ",", int skipRows = 0,
                               int maxCategories = 32)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (names, rows) = ReadAll(path, hasHeader, delimiter, skipRows, long.MaxValue);
        var schema = Schema.Infer(path, names, rows, labelColumn, columns, maxCategories);
        return schema.Build(path, rows, missingValues);
    }

    /// <summary>
    /// A dataset of batches read from the file as it is walked, for files larger than memory: each pass streams the file
    /// again and yields (x [batch, features], y [batch]) batches. The schema (kinds, categories, means for
    /// <see cref="MissingValues.Mean"/>) is inferred from the first <paramref name="inferRows"/> rows; a later cell
    /// that does not fit it fails naming its row and column.
    /// </summary>
    public static Dataset Stream(string path, string? labelColumn, int batchSize = 32, bool hasHeader = true,
                                 IReadOnlyList<string>? columns = null, MissingValues missingValues = MissingValues.Error,
                                 string delimiter = ",", int skipRows = 0, int maxCategories = 32, int inferRows = 1000)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"CsvDataset.Stream: batchSize must be positive, got {batchSize}.");
        var (names, sample) = ReadAll(path, hasHeader, delimiter, skipRows, inferRows);
        var schema = Schema.Infer(path, names, sample, labelColumn, columns, maxCategories);
        return Dataset.FromEnumerable(() => StreamBatches(path, hasHeader, delimiter, skipRows, schema, missingValues, batchSize));
    }

    private static IEnumerable<Tensor[]> StreamBatches(string path, bool hasHeader, string delimiter, int skipRows, Schema schema,
                                                       MissingValues missing, int batchSize)
    {
        var batch = new List<(long, string[])>(Math.Min(batchSize, 4096));
        foreach (var record in Records(path, hasHeader, delimiter, skipRows, null))
        {
            batch.Add(record);
            if (batch.Count == batchSize)
            {
                var data = schema.Build(path, batch, missing);
                batch.Clear();
                if (data.Y is null) yield return [data.X]; else yield return [data.X, data.Y];
            }
        }
        if (batch.Count > 0)
        {
            var data = schema.Build(path, batch, missing);
            if (data.Y is null) yield return [data.X]; else yield return [data.X, data.Y];
        }
    }

    private static (string[] Names, List<(long Row, string[] Cells)> Rows) ReadAll(string path, bool hasHeader, string delimiter, int skipRows, long limit)
    {
        string[]? names = null;
        var rows = new List<(long, string[])>();
        foreach (var record in Records(path, hasHeader, delimiter, skipRows, h => names = h))
        {
            rows.Add(record);
            if (rows.Count >= limit) break;
        }
        names ??= rows.Count > 0 ? Enumerable.Range(0, rows[0].Item2.Length).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray()
                                 : throw new DatasetFormatException(path, "the file has no rows.");
        return (names, rows);
    }

    /// <summary>The data records with their line numbers, each checked to have as many cells as the header (or first record).</summary>
    private static IEnumerable<(long Row, string[] Cells)> Records(string path, bool hasHeader, string delimiter, int skipRows, Action<string[]>? header)
    {
        if (delimiter.Length != 1) throw new ArgumentException($"CsvDataset: the delimiter must be one character, got \"{delimiter}\".");
        var options = new CsvReaderOptions
        {
            Separator = delimiter[0],
            HasHeader = hasHeader,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            MaxRecordSize = 4 << 20,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        CsvReader csv;
        try
        {
            SkipLines(stream, skipRows, path);
            csv = CsvReader.Create(stream, options, false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        using (csv)
        {
            int width = -1;
            if (hasHeader)
            {
                string[] names;
                try { names = csv.Headers.ToArray(); }
                catch (CsvFormatException e) { throw new DatasetFormatException(path, $"row {skipRows + Math.Max(1, e.LineNumber)}: {FirstLine(e.Message)}", e); }
                if (names.Length == 0) throw new DatasetFormatException(path, "the file has no header row.");
                var dup = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
                if (dup is not null) throw new DatasetFormatException(path, $"row {skipRows + 1}: the header names column '{dup.Key}' twice.");
                width = names.Length;
                header?.Invoke(names);
            }
            while (true)
            {
                bool more;
                try { more = csv.Read(); }
                catch (CsvFormatException e) { throw new DatasetFormatException(path, $"row {skipRows + e.LineNumber}: {FirstLine(e.Message)}", e); }
                if (!more) yield break;
                long row = skipRows + csv.LineNumber;
                var record = csv.Current.ToArray();
                if (width < 0) width = record.Length;
                if (record.Length != width)
                    throw new DatasetFormatException(path, $"row {row} has {record.Length} cells, but {(hasHeader ? "the header has" : "the first row has")} {width}.");
                yield return (row, record);
            }
        }
    }

    private static void SkipLines(Stream stream, int lines, string path)
    {
        for (int i = 0; i < lines; i++)
        {
            int b;
            long n = 0;
            while ((b = stream.ReadByte()) != '\n')
            {
                if (b < 0) throw new DatasetFormatException(path, $"the file has fewer than the {lines} lines to skip.");
                if (++n > 4 << 20) throw new DatasetFormatException(path, $"line {i + 1} is longer than 4 MiB.");
            }
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    internal static bool IsMissing(string cell) => MissingMarkers.Contains(cell);

    internal static bool TryNumber(string cell, out double value) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
