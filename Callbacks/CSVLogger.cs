using System.Globalization;
using CsvHelper;
using KerasSharp.Saving;

namespace KerasSharp.Callbacks;

/// <summary>
/// Writes one CSV row per epoch (the epoch, then every logged value), as Keras's CSVLogger. Columns stay aligned when a
/// value first appears in a later epoch (validation every few epochs, a learning rate logged later): the new column is
/// added and earlier rows read "NA" there. The whole file is rewritten atomically at every epoch, so a crash leaves the
/// previous complete file. With <c>append</c>, the rows of an existing file are kept and continued.
/// </summary>
/// <example><code>new CSVLogger("training.csv", separator: ';', append: true)</code></example>
public sealed class CSVLogger : Callback
{
    private readonly List<string> _columns = [];
    private readonly List<Dictionary<string, string>> _rows = [];

    /// <summary>Creates the logger.</summary>
    /// <param name="filename">The CSV file.</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="append">Keep the rows already in the file (a resumed run) instead of starting a new file.</param>
    public CSVLogger(string filename, char separator = ',', bool append = false)
    {
        if (string.IsNullOrEmpty(filename)) throw new ArgumentException("CSVLogger: filename is empty.", nameof(filename));
        if (separator is '"' or '\r' or '\n') throw new ArgumentException($"CSVLogger: the separator cannot be a quote or a line break.", nameof(separator));
        Filename = filename;
        Separator = separator;
        Append = append;
    }

    /// <summary>The CSV file.</summary>
    public string Filename { get; }
    /// <summary>The field separator.</summary>
    public char Separator { get; }
    /// <summary>Whether an existing file is continued.</summary>
    public bool Append { get; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        _columns.Clear();
        _rows.Clear();
        Folders.ForFile(Filename);
        if (Append && File.Exists(Filename) && new FileInfo(Filename).Length > 0) ReadExisting();
        else
        {
            _columns.Add("epoch");
            AtomicFile.WriteAllBytes(Filename, []);       // as Keras, a new run starts an empty file
        }
    }

    private void ReadExisting()
    {
        try
        {
            using var reader = CsvReader.FromFile(Filename, new CsvReaderOptions { Separator = Separator });
            _columns.AddRange(reader.Headers);
            if (_columns.Count == 0 || _columns[0] != "epoch")
                throw new InvalidDataException($"CSVLogger: cannot append to '{Filename}': its first column is not \"epoch\" (separator '{Separator}').");
            while (reader.Read())
            {
                var row = new Dictionary<string, string>(StringComparer.Ordinal);
                for (int i = 0; i < _columns.Count && i < reader.FieldCount; i++) row[_columns[i]] = reader.GetString(i);
                _rows.Add(row);
            }
        }
        catch (CsvFormatException e)
        {
            throw new InvalidDataException($"CSVLogger: cannot append to '{Filename}': it is not a CSV file this logger can continue ({e.Message}).", e);
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var row = new Dictionary<string, string>(StringComparer.Ordinal) { ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture) };
        foreach (var (name, value) in logs) row[name] = value.ToString("R", CultureInfo.InvariantCulture);
        // New names go after the known ones, sorted among themselves (Keras sorts the first epoch's names).
        foreach (var name in logs.Keys.Where(k => !_columns.Contains(k)).Order(StringComparer.Ordinal).ToList()) _columns.Add(name);
        _rows.Add(row);
        Write();
    }

    private void Write()
    {
        AtomicFile.Write(Filename, stream =>
        {
            using var text = new StreamWriter(stream, leaveOpen: true);
            using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Separator = Separator }, true))
            {
                csv.WriteRecord(_columns.ToArray());
                foreach (var row in _rows)
                    csv.WriteRecord(_columns.Select(c => row.TryGetValue(c, out var v) ? v : "NA").ToArray());
            }
            text.Flush();
        });
    }
}
