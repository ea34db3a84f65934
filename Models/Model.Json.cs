using KerasSharp.Layers;

namespace KerasSharp.Models;

public partial class Model
{
    /// <summary>
    /// The model's architecture (and compile settings, once compiled) as Keras 3's JSON: the same text as a
    /// <c>.keras</c> file's config.json, without the weights.
    /// </summary>
    public string ToJson(bool indented = false) => ConfigJson.Write(KerasObjects.Serialize(this), indented);

    /// <summary>A new model from <see cref="ToJson"/>'s text (or a Keras 3 model config), with fresh weights.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="customObjects">Custom classes by class name or registered name, besides those marked [KerasSerializable].</param>
    /// <exception cref="FormatException">The text is not JSON.</exception>
    /// <exception cref="ArgumentException">The JSON does not describe a model this program can build; the message says which part.</exception>
    public static Model FromJson(string json, IReadOnlyDictionary<string, Type>? customObjects = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return KerasObjects.Deserialize<Model>(ConfigJson.Read(json, "the model JSON")!, customObjects);
    }

    /// <summary>
    /// A model with the same architecture and fresh weights (Keras's <c>clone_model</c>): every layer rebuilt from its
    /// config, layer names kept; not compiled.
    /// </summary>
    public static Model CloneModel(Model model, IReadOnlyDictionary<string, Type>? customObjects = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var form = KerasObjects.Serialize(model);
        form.Remove("compile_config");
        return KerasObjects.Deserialize<Model>(form, customObjects);
    }
}
