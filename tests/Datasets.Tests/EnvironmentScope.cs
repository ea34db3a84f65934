namespace KerasSharp.Datasets.Tests;

/// <summary>Sets environment variables for one test and restores their previous values on dispose (they are process-wide).</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly List<(string Name, string? Previous)> _saved = [];

    public EnvironmentScope(params (string Name, string? Value)[] variables)
    {
        foreach (var (name, value) in variables) Set(name, value);
    }

    /// <summary>Sets <paramref name="name"/> (null removes it), remembering the value to restore.</summary>
    public void Set(string name, string? value)
    {
        if (!_saved.Exists(s => s.Name == name)) _saved.Add((name, Environment.GetEnvironmentVariable(name)));
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, previous) in _saved) Environment.SetEnvironmentVariable(name, previous);
    }
}
