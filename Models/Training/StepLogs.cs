namespace KerasSharp.Models;

/// <summary>
/// The logs of one training or test step: the running loss and metrics, read from the device only when a callback or the
/// progress bar looks at them, so steps nobody looks at never wait for the device. Once read, the values are kept.
/// The loop expires them when the next step begins (the running values then change): a callback that keeps batch logs
/// past its call must copy them (<c>new Dictionary&lt;string, double&gt;(logs)</c>); reading unread, expired logs fails
/// rather than give the next step's values.
/// </summary>
internal sealed class StepLogs(Func<Dictionary<string, double>> read) : IReadOnlyDictionary<string, double>
{
    private Dictionary<string, double>? _values;
    private bool _expired;

    /// <summary>Marks the logs stale: the values they would read now belong to a later step.</summary>
    public void Expire() => _expired = true;

    private Dictionary<string, double> Materialized
    {
        get
        {
            if (_values is not null) return _values;
            if (_expired)
                throw new InvalidOperationException(
                    "Batch logs were read after the next batch began. A callback that keeps batch logs must copy them " +
                    "when it receives them: new Dictionary<string, double>(logs).");
            return _values = read();
        }
    }

    public double this[string key] => Materialized[key];
    public IEnumerable<string> Keys => Materialized.Keys;
    public IEnumerable<double> Values => Materialized.Values;
    public int Count => Materialized.Count;
    public bool ContainsKey(string key) => Materialized.ContainsKey(key);
    public bool TryGetValue(string key, out double value) => Materialized.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => Materialized.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
