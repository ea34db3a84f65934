using System.Globalization;
using System.Text;

namespace KerasSharp.Callbacks;

/// <summary>
/// Python-style file name templates as Keras's ModelCheckpoint fills them: <c>"ckpt-{epoch:02d}-{val_loss:.2f}.keras"</c>.
/// A field is <c>{name}</c> or <c>{name:spec}</c> with spec <c>d</c>, <c>0Nd</c>, <c>Nd</c>, <c>.Nf</c>, <c>.Ne</c>, <c>.Ng</c> (or
/// the same without precision); <c>{{</c> and <c>}}</c> are literal braces.
/// </summary>
internal static class FilePathTemplate
{
    /// <summary>The field names the template uses; checks its syntax.</summary>
    /// <exception cref="ArgumentException">An unclosed brace, an empty field or an unknown format spec.</exception>
    public static IReadOnlyList<string> Fields(string template, string owner)
    {
        var fields = new List<string>();
        Walk(template, owner, (name, spec) => { CheckSpec(template, owner, name, spec); fields.Add(name); return ""; });
        return fields;
    }

    /// <summary>The template filled from <paramref name="values"/>.</summary>
    /// <exception cref="KeyNotFoundException">A field names no value: the message lists the values there are.</exception>
    public static string Format(string template, string owner, IReadOnlyDictionary<string, double> values) =>
        Walk(template, owner, (name, spec) =>
        {
            if (!values.TryGetValue(name, out var value))
                throw new KeyNotFoundException(
                    $"{owner}: cannot fill the file path \"{template}\": it names '{name}', which is not in the logs; available: {string.Join(", ", values.Keys)}.");
            return FormatValue(value, spec);
        });

    private static string Walk(string template, string owner, Func<string, string, string> field)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { sb.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { sb.Append('}'); i++; continue; }
            if (c == '}') throw new ArgumentException($"{owner}: the file path \"{template}\" has a '}}' without its '{{' (write '}}}}' for a brace).");
            if (c != '{') { sb.Append(c); continue; }
            int close = template.IndexOf('}', i + 1);
            if (close < 0) throw new ArgumentException($"{owner}: the file path \"{template}\" has a '{{' that is never closed (write '{{{{' for a brace).");
            string inner = template[(i + 1)..close];
            int colon = inner.IndexOf(':');
            string name = colon < 0 ? inner : inner[..colon];
            string spec = colon < 0 ? "" : inner[(colon + 1)..];
            if (name.Length == 0) throw new ArgumentException($"{owner}: the file path \"{template}\" has an empty field '{{{inner}}}'.");
            sb.Append(field(name, spec));
            i = close;
        }
        return sb.ToString();
    }

    private static void CheckSpec(string template, string owner, string name, string spec)
    {
        try { FormatValue(1, spec); }
        catch (FormatException)
        {
            throw new ArgumentException($"{owner}: the file path \"{template}\" formats '{name}' with '{spec}'; supported: d, 02d, 5d, .2f, .3e, .4g.");
        }
    }

    private static string FormatValue(double value, string spec)
    {
        var inv = CultureInfo.InvariantCulture;
        if (spec.Length == 0) return value == Math.Floor(value) && Math.Abs(value) < 1e15 ? ((long)value).ToString(inv) : value.ToString("R", inv);
        char kind = spec[^1];
        string body = spec[..^1];
        switch (kind)
        {
            case 'd':
            {
                bool zero = body.StartsWith('0');
                int width = body.Length == 0 ? 0 : int.Parse(body, NumberStyles.None, inv);
                string digits = ((long)Math.Round(value)).ToString(inv);
                return zero ? ((long)Math.Round(value)).ToString("D" + width, inv) : digits.PadLeft(width);
            }
            case 'f' or 'e' or 'g':
            {
                int precision = 6;
                if (body.Length > 0)
                {
                    if (body[0] != '.' || !int.TryParse(body.AsSpan(1), NumberStyles.None, inv, out precision)) throw new FormatException();
                }
                return kind switch
                {
                    'f' => value.ToString("F" + precision, inv),
                    'e' => value.ToString((precision == 0 ? "0" : "0." + new string('0', precision)) + "e+00", inv),
                    _ => value.ToString("G" + Math.Max(1, precision), inv),
                };
            }
            default:
                throw new FormatException();
        }
    }
}
