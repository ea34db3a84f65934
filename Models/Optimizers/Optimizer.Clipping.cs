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
            double sumOfSquares = 0;
            foreach (var g in grads) sumOfSquares += scratch.Sum(scratch.Square(g)).Item<double>();
            double norm = Math.Sqrt(sumOfSquares);
            // min(gc / norm, 1): 1 for a zero norm, NaN (propagated, as Keras) for a NaN norm.
            double scale = Math.Min(gc / norm, 1.0);
            if (scale >= 1.0) return;
            for (int i = 0; i < grads.Count; i++) grads[i] = scratch.Mul(grads[i], scale);
        }
        else if (Clipvalue is { } cv)
        {
            for (int i = 0; i < grads.Count; i++) grads[i] = scratch.Clip(grads[i], -cv, cv);
        }
    }
}
