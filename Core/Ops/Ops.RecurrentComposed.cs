using KerasSharp.Backends;

namespace KerasSharp;

public static partial class Ops
{
    /// <summary>The recurrence from primitives (one projection GEMM, then step by step), packed as <see cref="IFusedRecurrentKernels"/> describes.</summary>
    private static Tensor ComposedRecurrence(RecurrenceArgs a)
    {
        var options = a.Options;
        int batch = a.Inputs.Shape[0], time = a.Inputs.Shape[1], features = a.Inputs.Shape[2], width = a.Kernel.Shape[1];
        var projected = Reshape(Linear(Reshape(a.Inputs, batch * time, features), a.Kernel, a.Bias), batch, time, width);
        Tensor h = a.H0, c = a.C0!, output = a.H0;
        var outputs = new Tensor[time];
        for (int k = 0; k < time; k++)
        {
            int t = options.GoBackwards ? time - 1 - k : k;
            var x = Reshape(SliceAxis(projected, 1, t, 1), batch, width);
            var (hNew, cNew) = ComposedStep(x, h, c, a.RecurrentKernel, a.RecurrentBias, options);
            if (a.Mask is not null)
            {
                var m = Reshape(SliceAxis(a.Mask, 1, t, 1), batch, 1);
                hNew = Where(m, hNew, h);
                if (cNew is not null) cNew = Where(m, cNew, c);
                output = k == 0 ? Where(m, hNew, ZerosLike(hNew)) : Where(m, hNew, output);
            }
            else output = hNew;
            h = hNew;
            if (cNew is not null) c = cNew;
            outputs[k] = output;
        }
        Tensor[] rows = options.Kind == RecurrentCellKind.Lstm ? [.. outputs, h, c] : [.. outputs, h];
        return Stack(rows, 1);
    }

    private static (Tensor H, Tensor? C) ComposedStep(Tensor x, Tensor h, Tensor? c, Tensor kernel, Tensor? bias, RecurrenceOptions o)
    {
        var u = MatMul(h, kernel);
        switch (o.Kind)
        {
            case RecurrentCellKind.SimpleRnn:
                return (ApplyRecurrentActivation(Add(x, u), o.Activation), null);
            case RecurrentCellKind.Lstm:
            {
                var g = Split(Add(x, u), 4, 1);
                var i = ApplyRecurrentActivation(g[0], o.RecurrentActivation);
                var f = ApplyRecurrentActivation(g[1], o.RecurrentActivation);
                var cNew = Add(Multiply(f, c!), Multiply(i, ApplyRecurrentActivation(g[2], o.Activation)));
                var og = ApplyRecurrentActivation(g[3], o.RecurrentActivation);
                return (Multiply(og, ApplyRecurrentActivation(cNew, o.Activation)), cNew);
            }
            default:
            {
                if (bias is not null) u = Add(u, bias);
                var xs = Split(x, 3, 1);
                var us = Split(u, 3, 1);
                var z = ApplyRecurrentActivation(Add(xs[0], us[0]), o.RecurrentActivation);
                var r = ApplyRecurrentActivation(Add(xs[1], us[1]), o.RecurrentActivation);
                var cand = ApplyRecurrentActivation(Add(xs[2], Multiply(r, us[2])), o.Activation);
                return (Add(cand, Multiply(z, Subtract(h, cand))), null);
            }
        }
    }

    /// <summary>One of the activations a recurrence knows.</summary>
    internal static Tensor ApplyRecurrentActivation(Tensor x, RecurrentActivation a) => a switch
    {
        RecurrentActivation.Tanh => Tanh(x),
        RecurrentActivation.Sigmoid => Sigmoid(x),
        RecurrentActivation.Relu => Relu(x),
        _ => x,
    };
}
