namespace KerasSharp.Benchmarks;

/// <summary>
/// One <c>cold</c> case. <paramref name="Prepare"/> runs in the fresh process on the chosen backend, outside the
/// timing: it makes the inputs (and the model) and returns the call whose first run is timed.
/// </summary>
/// <param name="Label">Op or model and size, e.g. <c>op=softmax-last-axis shape=1024x1024</c>.</param>
/// <param name="Prepare">Makes the inputs; returns the timed call.</param>
internal sealed record ColdCase(string Label, Func<Func<Tensor>> Prepare);
