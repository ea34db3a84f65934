namespace KerasSharp.ModelZoo;

/// <summary>
/// A Python dict or OrderedDict from a pickle, in insertion order (a state dict's order is the module's order).
/// As in Python, setting a string key again replaces its value in place.
/// </summary>
internal sealed class PickleDict(bool ordered)
{
    private readonly List<KeyValuePair<object?, object?>> _items = [];
    private Dictionary<string, int>? _stringKeys;

    /// <summary>True for a <c>collections.OrderedDict</c>, false for a plain dict.</summary>
    public bool IsOrdered { get; } = ordered;

    /// <summary>The items in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<object?, object?>> Items => _items;

    /// <summary>The instance attributes a BUILD gave it (a state dict's <c>_metadata</c>); kept, never interpreted.</summary>
    public object? State { get; set; }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    public void Set(object? key, object? value)
    {
        if (key is string s)
        {
            _stringKeys ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (_stringKeys.TryGetValue(s, out int at))
            {
                _items[at] = new(key, value);
                return;
            }
            _stringKeys[s] = _items.Count;
        }
        _items.Add(new(key, value));
    }
}
