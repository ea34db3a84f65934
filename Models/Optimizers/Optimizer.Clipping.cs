namespace KerasSharp.Optimizers;

public abstract partial class Optimizer
{
    /// <summary>Keras 3's gradient clipping: at most one of clipnorm, globalClipnorm, clipvalue is set.</summary>
    private void ClipGradients(List<Tensor> grads, Scratch scratch)
    {
        if (Clipnorm is { } c)
        {
            // g * c / max(||g||, c): unchanged when the norm is at most c, and no division by zero.
            for (int i = 0; i < grads.Count; i++)
            {
                var g = grads[i];
                var norm = scratch.Sqrt(scratch.Sum(scratch.Square(g)));
                grads[i] = scratch.Div(scratch.Mul(g, c), scratch.Maximum(norm, c));
            }
        }
        else if (GlobalClipnorm is { } gc)
        {
            // The norm stays on the device: scale = gc / max(norm, gc) is min(gc / norm, 1) (exactly 1 when the norm is at
            // most gc, NaN propagated as in Keras) without reading the norm back.
            if (grads.Count == 0) return;
            Tensor? sumOfSquares = null;
            foreach (var g in grads)
            {
                var s = scratch.Own(Ops.Cast(scratch.Sum(scratch.Square(g)), DType.Float64));
                sumOfSquares = sumOfSquares is null ? s : scratch.Add(sumOfSquares, s);
            }
            var scale = scratch.Div(scratch.Scalar(sumOfSquares!, gc), scratch.Maximum(scratch.Sqrt(sumOfSquares!), gc));
            for (int i = 0; i < grads.Count; i++)
                grads[i] = scratch.Mul(grads[i], grads[i].DType == DType.Float64 ? scale : scratch.Own(Ops.Cast(scale, grads[i].DType)));
        }
        else if (Clipvalue is { } cv)
        {
            for (int i = 0; i < grads.Count; i++) grads[i] = scratch.Clip(grads[i], -cv, cv);
        }
    }
}
