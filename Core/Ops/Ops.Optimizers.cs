using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// One Adam update of a variable's value <paramref name="w"/> from its gradient <paramref name="g"/> and moments
    /// <paramref name="m"/>, <paramref name="v"/>; returns the new (value, m, v) and leaves the inputs unchanged. Not
    /// differentiable (it is an optimizer step): nothing is recorded on a tape. Uses the backend's fused kernel where
    /// it has one (<see cref="IFusedOptimizerKernels"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The tensors differ in shape, dtype or backend, or are not floating-point.</exception>
    public static (Tensor Value, Tensor Momentum, Tensor Velocity) AdamStep(Tensor w, Tensor g, Tensor m, Tensor v, AdamCoefficients coefficients)
    {
        const string op = "AdamStep";
        ArgumentNullException.ThrowIfNull(w);
        RequireFloating(op, w);
        RequireLike(op, "gradient", g, w);
        RequireLike(op, "momentum", m, w);
        RequireLike(op, "velocity", v, w);
        return FusedKernels.TryGet<IFusedOptimizerKernels>(w, out var fused)
            ? fused.AdamStep(w, g, m, v, coefficients)
            : AdamStepFromPrimitives(w, g, m, v, coefficients);
    }

    /// <summary>
    /// One plain SGD step, <c>w - learningRate * g</c>, as a new tensor: one fused pass where the backend has it
    /// (<see cref="IFusedOptimizerKernels"/>), else composed from primitives. Not recorded on a tape.
    /// </summary>
    public static Tensor SgdStep(Tensor w, Tensor g, double learningRate)
    {
        const string op = "SgdStep";
        ArgumentNullException.ThrowIfNull(w);
        RequireFloating(op, w);
        RequireLike(op, "gradient", g, w);
        return FusedKernels.TryGet<IFusedOptimizerKernels>(w, out var fused) ? fused.SgdStep(w, g, learningRate) : SgdStepFromPrimitives(w, g, learningRate);
    }

    internal static Tensor SgdStepFromPrimitives(Tensor w, Tensor g, double learningRate)
    {
        using var pause = GradientTape.PauseAll();
        using var scope = new TensorScope();
        return scope.Keep(w - g * learningRate);
    }

    /// <summary>Checks that <paramref name="t"/> has the shape, dtype, backend and device of the variable's value <paramref name="w"/>.</summary>
    private static void RequireLike(string op, string name, Tensor t, Tensor w)
    {
        ArgumentNullException.ThrowIfNull(t, name);
        if (t.Shape != w.Shape || t.DType != w.DType)
            throw new ArgumentException($"{op}: the {name} is {t.Shape} {t.DType.Name()} but the value is {w.Shape} {w.DType.Name()}; they must match.");
        if (!ReferenceEquals(t.Backend, w.Backend) || t.Device != w.Device)
            throw new ArgumentException($"{op}: the {name} is on {t.Backend.Name} {t.Device}, the value on {w.Backend.Name} {w.Device}.");
    }

    /// <summary>The update of <see cref="AdamStep"/> composed from primitives, for backends without the fused kernel.</summary>
    internal static (Tensor Value, Tensor Momentum, Tensor Velocity) AdamStepFromPrimitives(Tensor w, Tensor g, Tensor m, Tensor v, AdamCoefficients c)
    {
        using var pause = GradientTape.PauseAll(); // the composed ops would otherwise record on an open tape
        using var scope = new TensorScope();
        var mNew = m + (g - m) * (1 - c.Beta1);
        var vNew = v + (Square(g) - v) * (1 - c.Beta2);
        var wNew = w - mNew * c.StepSize / (Sqrt(vNew) + c.Epsilon);
        return (scope.Keep(wNew), scope.Keep(mNew), scope.Keep(vNew));
    }
}
