namespace KerasSharp.Optimizers;

/// <summary>
/// Arithmetic for one update step that owns every tensor it makes and frees them all on dispose, so
/// optimizer steps leave no garbage behind. Values written into variables survive: a variable holds its
/// own reference to the storage.
/// </summary>
internal sealed class Scratch : IDisposable
{
    private readonly List<Tensor> _owned = [];

    public Tensor Own(Tensor t)
    {
        _owned.Add(t);
        return t;
    }

    /// <summary>The variable's current value as a constant the tape never records.</summary>
    public Tensor Value(Variable v) => Own(Ops.StopGradient(v));

    public Tensor Scalar(Tensor like, double value) => Own(like.Backend.Full(Shape.Scalar, like.DType, value, like.Device));

    public Tensor Add(Tensor a, Tensor b) => Own(Ops.Add(a, b));
    public Tensor Add(Tensor a, double c) => Add(a, Scalar(a, c));
    public Tensor Sub(Tensor a, Tensor b) => Own(Ops.Subtract(a, b));
    public Tensor Sub(Tensor a, double c) => Sub(a, Scalar(a, c));
    public Tensor Mul(Tensor a, Tensor b) => Own(Ops.Multiply(a, b));
    public Tensor Mul(Tensor a, double c) => Mul(a, Scalar(a, c));
    public Tensor Div(Tensor a, Tensor b) => Own(Ops.Divide(a, b));
    public Tensor Div(Tensor a, double c) => Div(a, Scalar(a, c));
    public Tensor Square(Tensor a) => Own(Ops.Square(a));
    public Tensor Sqrt(Tensor a) => Own(Ops.Sqrt(a));
    public Tensor Abs(Tensor a) => Own(Ops.Abs(a));
    public Tensor Maximum(Tensor a, Tensor b) => Own(Ops.Maximum(a, b));
    public Tensor Maximum(Tensor a, double c) => Maximum(a, Scalar(a, c));
    public Tensor Clip(Tensor a, double min, double max) => Own(Ops.Clip(a, min, max));
    public Tensor Sum(Tensor a) => Own(Ops.Sum(a));

    /// <summary>The Adam family's moment updates: <c>m + (g - m)(1 - beta1)</c> and <c>v + (g² - v)(1 - beta2)</c>.</summary>
    public (Tensor M, Tensor V) Moments(Tensor g, Tensor m, Tensor v, double beta1, double beta2) =>
        (Add(m, Mul(Sub(g, m), 1 - beta1)), Add(v, Mul(Sub(Square(g), v), 1 - beta2)));

    public void Dispose()
    {
        foreach (var t in _owned) t.Dispose();
        _owned.Clear();
    }
}
