namespace KerasSharp.Layers;

/// <summary>How error messages name a C# delegate: "Type.Method", or "a lambda" for a compiler-generated method.</summary>
internal static class DelegateNames
{
    public static string Describe(Delegate d) =>
        d.Method.Name.StartsWith('<') ? "a lambda" : $"{d.Method.DeclaringType?.Name}.{d.Method.Name}";
}
