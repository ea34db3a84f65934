using System.Collections.Concurrent;
using System.Reflection;

namespace KerasSharp.Layers;

/// <summary>
/// The sub-layers a layer holds in its fields and auto-properties, read at the moment they are asked for (C# has
/// no hook on assignment, so a layer assigned in Build or later is found the next time). The fields to read are
/// found once per class.
/// </summary>
internal static class SubLayerFields
{
    private static readonly ConcurrentDictionary<Type, (FieldInfo Field, string Attribute)[]> Fields = new();

    public static IReadOnlyList<(string Attribute, Layer Layer)> Of(Layer owner)
    {
        var fields = Fields.GetOrAdd(owner.GetType(), Find);
        if (fields.Length == 0) return [];
        var result = new List<(string, Layer)>();
        foreach (var (field, attribute) in fields)
        {
            switch (field.GetValue(owner))
            {
                case Layer layer when !ReferenceEquals(layer, owner):
                    result.Add((attribute, layer));
                    break;
                case IEnumerable<Layer> many:
                    foreach (var l in many)
                        if (l is not null && !ReferenceEquals(l, owner)) result.Add((attribute, l));
                    break;
            }
        }
        return result;
    }

    private static readonly ConcurrentDictionary<Type, FieldInfo[]> SeedFields = new();

    /// <summary>The random layer's seed generators (saved with its weights, as Keras saves its SeedGenerator state).</summary>
    public static IReadOnlyList<LayerSeed> Seeds(Layer owner) =>
        SeedFields.GetOrAdd(owner.GetType(), t => AllFields(t).Where(f => f.FieldType == typeof(LayerSeed)).ToArray())
                  .Select(f => (LayerSeed?)f.GetValue(owner)).OfType<LayerSeed>().ToList();

    private static IEnumerable<FieldInfo> AllFields(Type type)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        for (var t = type; t is not null && t != typeof(Layer); t = t.BaseType)
            foreach (var field in t.GetFields(flags)) yield return field;
    }

    /// <summary>Whether the member named <paramref name="attribute"/> holds a collection rather than one layer.</summary>
    public static bool IsCollection(Type type, string attribute) =>
        Fields.GetOrAdd(type, Find).Any(f => f.Attribute == attribute && !typeof(Layer).IsAssignableFrom(f.Field.FieldType));

    private static (FieldInfo, string)[] Find(Type type)
    {
        return AllFields(type)
            .Where(f => typeof(Layer).IsAssignableFrom(f.FieldType) || typeof(IEnumerable<Layer>).IsAssignableFrom(f.FieldType))
            .Select(f => (f, AttributeName(f.Name)))
            .ToArray();
    }

    // "_queryDense", "queryDense" and the backing field of "QueryDense" all read "query_dense".
    private static string AttributeName(string field)
    {
        if (field.StartsWith('<') && field.IndexOf('>') is > 1 and var end) field = field[1..end];
        return LayerNames.SnakeCase(field.TrimStart('_'));
    }
}
