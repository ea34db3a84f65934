namespace KerasSharp.Saving;

/// <summary>
/// An object that describes itself by its constructor arguments (Keras's <c>get_config</c>): layers,
/// initializers, regularizers, constraints, losses, metrics, optimizers and learning-rate schedules.
/// <see cref="KerasObjects.Deserialize{T}"/> rebuilds one from its config: a public static
/// <c>FromConfig(Dictionary&lt;string, object?&gt;)</c> when the class has one, else the public constructor whose
/// parameters (in camelCase) match the config's keys (in snake_case), then settable properties.
/// </summary>
public interface IKerasConfigurable
{
    /// <summary>
    /// The constructor arguments by Keras's snake_case names. Values are null, bool, numbers, strings, arrays or
    /// lists of them, dictionaries, other <see cref="IKerasConfigurable"/> objects (serialized in place) or a
    /// <see cref="NotSerializable"/> that makes saving fail with its reason.
    /// </summary>
    Dictionary<string, object?> GetConfig();
}

/// <summary>
/// A config value that cannot be written to a file (a C# delegate, a live object): saving fails naming the
/// object and giving <see cref="Reason"/>.
/// </summary>
/// <param name="reason">What cannot be saved and how to make it savable.</param>
public sealed class NotSerializable(string reason)
{
    /// <summary>What cannot be saved and how to make it savable.</summary>
    public string Reason { get; } = reason;

    /// <inheritdoc/>
    public override string ToString() => Reason;
}
