using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KerasSharp.Saving;

/// <summary>
/// Configs as JSON, in the plain shapes Keras's own JSON has: objects become <c>Dictionary&lt;string, object?&gt;</c>,
/// arrays <c>List&lt;object?&gt;</c>, integers <c>long</c>, other numbers <c>double</c>. Writing accepts those and
/// also arrays, lists, dictionaries and the C# number types a <c>GetConfig</c> returns.
/// </summary>
public static class ConfigJson
{
    private const int MaxDepth = 256;

    /// <summary>The JSON text of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">A value has no JSON form (the message gives its path).</exception>
    public static string Write(object? value, bool indented = false)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping writes '>' and non-ASCII text as they are (as Python's json does), not as \u escapes.
        var options = new JsonWriterOptions { Indented = indented, MaxDepth = MaxDepth, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(buffer, options))
            WriteValue(writer, value, "$");
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Parses JSON text into dictionaries, lists and plain values.</summary>
    /// <param name="json">The text.</param>
    /// <param name="source">Where the text came from, for the error message.</param>
    /// <exception cref="FormatException">The text is not JSON (the message names <paramref name="source"/>).</exception>
    public static object? Read(string json, string source = "JSON")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
            return FromElement(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Parses JSON text that must be an object.</summary>
    /// <exception cref="FormatException">The text is not a JSON object.</exception>
    public static Dictionary<string, object?> ReadObject(string json, string source = "JSON") =>
        Read(json, source) as Dictionary<string, object?> ?? throw new FormatException($"{source} is not a JSON object.");

    private static object? FromElement(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => FromObject(e),
        JsonValueKind.Array => e.EnumerateArray().Select(FromElement).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out long l) ? (object)l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static Dictionary<string, object?> FromObject(JsonElement e)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
            if (!d.TryAdd(p.Name, FromElement(p.Value)))
                throw new FormatException($"the key \"{p.Name}\" appears twice in one object.");
        return d;
    }

    private static void WriteValue(Utf8JsonWriter w, object? value, string path)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); return;
            case string s: w.WriteStringValue(s); return;
            case bool b: w.WriteBooleanValue(b); return;
            case int or long or short or sbyte or byte or ushort or uint: w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); return;
            case ulong u: w.WriteNumberValue(u); return;
            case float f: WriteDouble(w, f, path); return;
            case double d: WriteDouble(w, d, path); return;
            case decimal m: w.WriteNumberValue(m); return;
            case NotSerializable n: throw new ArgumentException($"{path}: {n.Reason}");
            case IDictionary dict:
                w.WriteStartObject();
                foreach (DictionaryEntry kv in dict)
                {
                    if (kv.Key is not string key) throw new ArgumentException($"{path}: a dictionary key must be a string, got {kv.Key?.GetType().Name}.");
                    w.WritePropertyName(key);
                    WriteValue(w, kv.Value, $"{path}.{key}");
                }
                w.WriteEndObject();
                return;
            case IEnumerable list:
                w.WriteStartArray();
                int i = 0;
                foreach (var item in list) WriteValue(w, item, $"{path}[{i++}]");
                w.WriteEndArray();
                return;
            default:
                throw new ArgumentException($"{path}: a value of type {value.GetType().Name} has no JSON form; GetConfig must return plain values, lists, dictionaries or configurable objects.");
        }
    }

    private static void WriteDouble(Utf8JsonWriter w, double d, string path)
    {
        if (!double.IsFinite(d)) throw new ArgumentException($"{path}: {d} cannot be written to JSON.");
        // Integral doubles keep a ".0" as Python writes them, so they read back as floating numbers.
        if (d == Math.Floor(d) && Math.Abs(d) < 1e15) w.WriteRawValue(d.ToString("F1", CultureInfo.InvariantCulture));
        else w.WriteNumberValue(d);
    }
}
