using KerasSharp.Layers;
using static KerasSharp.Onnx.OnnxExportGraph;

namespace KerasSharp.Onnx;

/// <summary>Keras's activations and activation layers as ONNX ops.</summary>
internal static class OnnxActivationExporter
{
    /// <summary>Activations that act on each element alone (so either layout of a value will do).</summary>
    private static bool Elementwise(string activation) => activation is not ("softmax" or "log_softmax");

    /// <summary>
    /// <paramref name="v"/> through the activation named <paramref name="activation"/>: on whichever layout the value
    /// already has for an elementwise one, on the model's layout for softmax (its axis is the last one there).
    /// </summary>
    public static OnnxExportValue Apply(OnnxExportCall c, string activation, OnnxExportValue v, int?[] shape)
    {
        if (activation == "linear") return v;
        if (Elementwise(activation) && v.Name is null)
            return new OnnxExportValue(shape, v.DType, null, Apply(c, activation, v.ChannelsFirst!));
        return new OnnxExportValue(shape, v.DType, Apply(c, activation, c.Graph.Keras(v)));
    }

    /// <summary>The activation of a name as ONNX ops on <paramref name="x"/>; softmax acts on the last axis.</summary>
    public static string Apply(OnnxExportCall c, string activation, string x)
    {
        var g = c.Graph;
        var s = c.Scope;
        return activation switch
        {
            "linear" => x,
            "relu" => g.Op("Relu", s, [x]),
            "relu6" => g.Op("Clip", s, [x, g.Scalar(0), g.Scalar(6)]),
            "sigmoid" => g.Op("Sigmoid", s, [x]),
            "hard_sigmoid" => g.Op("HardSigmoid", s, [x], Float("alpha", 1.0 / 6), Float("beta", 0.5)),
            "hard_silu" or "hard_swish" => g.Op("HardSwish", s, [x]),
            "tanh" => g.Op("Tanh", s, [x]),
            "softmax" => g.Op("Softmax", s, [x], Int("axis", -1)),
            "log_softmax" => g.Op("LogSoftmax", s, [x], Int("axis", -1)),
            "gelu" => Gelu(c, x, approximate: false),
            "silu" or "swish" => g.Op("Mul", s, [x, g.Op("Sigmoid", s, [x])]),
            // Mish is an op from opset 18.
            "mish" => g.Opset >= 18 ? g.Op("Mish", s, [x]) : g.Op("Mul", s, [x, g.Op("Tanh", s, [g.Op("Softplus", s, [x])])]),
            "elu" => g.Op("Elu", s, [x], Float("alpha", 1.0)),
            "selu" => g.Op("Selu", s, [x]),
            "leaky_relu" => g.Op("LeakyRelu", s, [x], Float("alpha", 0.2)),
            "softplus" => g.Op("Softplus", s, [x]),
            "softsign" => g.Op("Softsign", s, [x]),
            "exponential" => g.Op("Exp", s, [x]),
            _ => throw c.Unsupported($"activation '{activation}' has no ONNX form (built-in activations are exported; a registered or C# one is not)"),
        };
    }

    /// <summary>
    /// GELU: the Gelu op from opset 20; before that 0.5·x·(1 + erf(x/√2)), or with <paramref name="approximate"/>
    /// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    /// </summary>
    public static string Gelu(OnnxExportCall c, string x, bool approximate)
    {
        var g = c.Graph;
        var s = c.Scope;
        if (g.Opset >= 20) return approximate ? g.Op("Gelu", s, [x], Str("approximate", "tanh")) : g.Op("Gelu", s, [x]);
        string inner;
        if (approximate)
        {
            var cube = g.Op("Mul", s, [g.Op("Mul", s, [x, x]), x]);
            var sum = g.Op("Add", s, [x, g.Op("Mul", s, [cube, g.Scalar(0.044715)])]);
            inner = g.Op("Tanh", s, [g.Op("Mul", s, [sum, g.Scalar(Math.Sqrt(2 / Math.PI))])]);
        }
        else inner = g.Op("Erf", s, [g.Op("Div", s, [x, g.Scalar(Math.Sqrt(2))])]);
        var half = g.Op("Mul", s, [x, g.Scalar(0.5)]);
        return g.Op("Mul", s, [half, g.Op("Add", s, [inner, g.Scalar(1)])]);
    }

    /// <summary>The activation layers: Activation, ELU, LeakyReLU, PReLU, ReLU, Softmax.</summary>
    public static OnnxExportValue Layer(OnnxExportCall c)
    {
        var g = c.Graph;
        var s = c.Scope;
        var v = c.Input;
        switch (c.Layer)
        {
            case Activation a:
                return Apply(c, a.ActivationName, v, c.OutputShape);
            case Softmax sm:
                return c.Out(g.Op("Softmax", s, [g.Keras(v)], Int("axis", sm.Axis)));
            case PReLU p:
                return c.Out(g.Op("PRelu", s, [g.Keras(v), g.Weight(p.Alpha!, p)]));
        }
        // The rest act elementwise: on whichever layout the value has.
        bool first = v.Name is null;
        var x = first ? v.ChannelsFirst! : v.Name!;
        string y = c.Layer switch
        {
            ELU e => g.Op("Elu", s, [x], Float("alpha", e.Alpha)),
            LeakyReLU l => g.Op("LeakyRelu", s, [x], Float("alpha", l.NegativeSlope)),
            ReLU r => Relu(c, r, x),
            _ => throw c.Unsupported("not an activation layer"),
        };
        return first ? new OnnxExportValue(c.OutputShape, v.DType, null, y) : c.Out(y);
    }

    // Keras's ReLU: x >= threshold ? x : slope * (x - threshold), then capped at max_value.
    private static string Relu(OnnxExportCall c, ReLU r, string x)
    {
        var g = c.Graph;
        var s = c.Scope;
        if (r.NegativeSlope == 0 && r.Threshold == 0)
        {
            var relu = g.Op("Relu", s, [x]);
            return r.MaxValue is double m ? g.Op("Clip", s, [relu, g.Scalar(0), g.Scalar(m)]) : relu;
        }
        var thr = g.Scalar(r.Threshold);
        var below = g.Op("Mul", s, [g.Op("Sub", s, [x, thr]), g.Scalar(r.NegativeSlope)]);
        var y = g.Op("Where", s, [g.Op("GreaterOrEqual", s, [x, thr]), x, below]);
        if (r.MaxValue is not double max) return y;
        var cap = g.Scalar(max);
        return g.Op("Where", s, [g.Op("GreaterOrEqual", s, [x, cap]), cap, y]);
    }
}
