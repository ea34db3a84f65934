namespace KerasSharp.Layers;

/// <summary>
/// A layer whose state is text files rather than weights (a lookup layer's vocabulary), saved as Keras 3 saves
/// assets: <c>Model.Save</c> writes each file under <c>assets/&lt;the layer's path&gt;/</c> in the <c>.keras</c> archive
/// (the same path as the layer's group in model.weights.h5, e.g. <c>assets/layers/string_lookup/vocabulary.txt</c>),
/// and <c>Model.Load</c> hands them back after the weights.
/// </summary>
public interface ILayerAssets
{
    /// <summary>The files to save, by file name (no folders); empty when the config already holds the state.</summary>
    IReadOnlyDictionary<string, string> SaveAssets();

    /// <summary>Restores the state from the files saved by <see cref="SaveAssets"/> (by file name; missing ones are absent).</summary>
    void LoadAssets(IReadOnlyDictionary<string, string> files);
}
