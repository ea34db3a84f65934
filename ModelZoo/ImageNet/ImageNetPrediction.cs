namespace KerasSharp.ModelZoo;

/// <summary>One of the top classes of an ImageNet prediction.</summary>
/// <param name="Index">Class index, 0..999, the network's output position.</param>
/// <param name="Label">The class's name in torchvision's category list (<see cref="ImageNet.ClassNames"/>).</param>
/// <param name="Probability">Its probability (after the softmax when the input held logits).</param>
public readonly record struct ImageNetPrediction(int Index, string Label, double Probability);
