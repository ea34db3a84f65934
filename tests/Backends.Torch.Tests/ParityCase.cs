namespace KerasSharp.Backends.Torch.Tests;

/// <summary>How an input reaches the op: as created, or as a non-contiguous view made inside the tape.</summary>
public enum Layout
{
    /// <summary>A freshly created tensor.</summary>
    Plain,
    /// <summary>The last two axes swapped (a transposed view on torch).</summary>
    Transposed,
    /// <summary>Every second element of the last axis (a stepped slice).</summary>
    Strided,
}

/// <summary>What values an input holds.</summary>
public enum Values
{
    /// <summary>Standard normal floats.</summary>
    Normal,
    /// <summary>Floats in [0.5, 2.5).</summary>
    Positive,
    /// <summary>Small integers in [-4, 4] (ties and exact equalities).</summary>
    SmallInts,
    /// <summary>Integers in [1, 4] (divisors).</summary>
    NonZeroInts,
    /// <summary>Random booleans.</summary>
    Bools,
}

/// <summary>One input of a parity case.</summary>
public sealed record InputSpec(int[] Shape, DType DType = DType.Float32, Values Values = Values.Normal, Layout Layout = Layout.Plain);

/// <summary>
/// One op checked for parity: its inputs, the function of them, and whether gradients through Core's tape are compared.
/// Tolerances default to float32's rtol 1e-5, atol 1e-5.
/// </summary>
public sealed record ParityCase(string Name, InputSpec[] Inputs, Func<Tensor[], Tensor> Op, bool Grad = true,
    double Rtol = 1e-5, double Atol = 1e-5)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}
