using System.Reflection;
using KerasSharp.Saving;

namespace KerasSharp.Tests.Saving;

/// <summary>
/// Config round trips and the catalogue check shared by the layer and model tests (Models.Tests compiles this file too,
/// linked): config → JSON → object → config must give the same JSON, and every built-in configurable class must have a sample.
/// </summary>
internal static class ConfigRoundTrip
{
    /// <summary>The kind a class is loaded as: its topmost configurable base (Layer, Initializer, Loss, Metric, ...).</summary>
    public static Type KindOf(Type type)
    {
        while (type.BaseType is { } b && typeof(IKerasConfigurable).IsAssignableFrom(b)) type = b;
        return type;
    }

    /// <summary>Rebuilds an object of <paramref name="kind"/> from its Keras form, as <see cref="KerasObjects.Deserialize{T}"/>.</summary>
    public static IKerasConfigurable Deserialize(object form, Type kind)
    {
        var method = typeof(KerasObjects).GetMethod(nameof(KerasObjects.Deserialize))!.MakeGenericMethod(kind);
        try { return (IKerasConfigurable)method.Invoke(null, [form, null])!; }
        catch (TargetInvocationException e) when (e.InnerException is not null) { throw e.InnerException; }
    }

    /// <summary>Asserts config → object → config gives the same JSON; returns the rebuilt object.</summary>
    public static IKerasConfigurable AssertRoundTrips(IKerasConfigurable obj, string what)
    {
        string json = ConfigJson.Write(KerasObjects.Serialize(obj));
        var back = Deserialize(ConfigJson.Read(json)!, KindOf(obj.GetType()));
        Assert.AreEqual(obj.GetType(), back.GetType(), $"{what}: class");
        Assert.AreEqual(json, ConfigJson.Write(KerasObjects.Serialize(back)), $"{what}: config after a round trip");
        return back;
    }

    /// <summary>
    /// The public concrete configurable classes of <paramref name="assembly"/> that <paramref name="inScope"/> keeps and that
    /// no sample covers, by full name: what a new class without a sample shows up as.
    /// </summary>
    public static List<string> Missing(Assembly assembly, Func<Type, bool> inScope, IEnumerable<Type> covered)
    {
        var have = covered.ToHashSet();
        return assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition && typeof(IKerasConfigurable).IsAssignableFrom(t) && inScope(t))
            .Where(t => !have.Contains(t))
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
