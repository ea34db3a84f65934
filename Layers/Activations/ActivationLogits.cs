using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace KerasSharp.Layers;

/// <summary>
/// The logits behind a softmax or sigmoid activation's output, remembered as Keras does (<c>_keras_logits</c>) so
/// that a cross-entropy loss on that output works from the logits: <c>log_softmax</c> instead of the log of clipped
/// probabilities. The two agree until a probability falls under 1e-7, where clipping would flatten the loss and
/// stop its gradient for the very samples the model gets most wrong.
/// </summary>
public static class ActivationLogits
{
    private sealed record Entry(string Activation, Tensor Logits);

    private static readonly ConditionalWeakTable<Tensor, Entry> Table = new();

    /// <summary>Records that <paramref name="output"/> is <paramref name="activation"/> ("softmax" over the last axis, or "sigmoid") of <paramref name="logits"/>.</summary>
    public static Tensor Remember(Tensor output, string activation, Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(logits);
        Table.AddOrUpdate(output, new Entry(activation, logits));
        return output;
    }

    /// <summary>The logits <paramref name="output"/> was computed from by <paramref name="activation"/>, while they are alive.</summary>
    public static bool TryGet(Tensor output, string activation, [NotNullWhen(true)] out Tensor? logits)
    {
        ArgumentNullException.ThrowIfNull(output);
        logits = Table.TryGetValue(output, out var e) && e.Activation == activation && !e.Logits.IsDisposed ? e.Logits : null;
        return logits is not null;
    }

    /// <summary>Softmax over the last axis, remembering the logits.</summary>
    internal static Tensor Softmax(Tensor x) => Remember(Ops.Softmax(x), "softmax", x);

    /// <summary>The logistic sigmoid, remembering the logits.</summary>
    internal static Tensor Sigmoid(Tensor x) => Remember(Ops.Sigmoid(x), "sigmoid", x);
}
