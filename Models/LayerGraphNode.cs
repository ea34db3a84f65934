namespace KerasSharp.Models;

/// <summary>
/// One layer call of a model's graph, as <see cref="Model.LayerGraph"/> lists them for drawings (plot_model, TensorBoard's
/// graph): a unique node name, the layer's class, the output shape in Keras's notation, and the nodes it reads from.
/// </summary>
/// <param name="Name">The node's name: the layer's name, with "_1", "_2" added for the later calls of a shared layer.</param>
/// <param name="ClassName">The layer's class ("Dense", "InputLayer", ...).</param>
/// <param name="OutputShape">The output shape, e.g. "(None, 10)", or "?" when the model is not built.</param>
/// <param name="Inputs">The names of the nodes this one reads from, in order.</param>
public sealed record LayerGraphNode(string Name, string ClassName, string OutputShape, IReadOnlyList<string> Inputs);
