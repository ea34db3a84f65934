using KerasSharp.Layers;

namespace KerasSharp.ModelZoo;

/// <summary>
/// Loads the weights of PyTorch's <c>torch.nn.LSTM</c>, <c>torch.nn.GRU</c> and <c>torch.nn.RNN</c> (a state dict:
/// <c>weight_ih_l0</c>, <c>weight_hh_l0</c>, <c>bias_ih_l0</c>, <c>bias_hh_l0</c>, and <c>*_reverse</c> for the backward
/// direction) into <see cref="LSTM"/>, <see cref="GRU"/>, <see cref="SimpleRNN"/> or a <see cref="Bidirectional"/> of one.
/// The conversions: torch's [gates·units, features] matrices are transposed to Keras's [features, gates·units]; LSTM
/// gates i, f, g, o are Keras's i, f, c, o and its two biases add up; GRU gates r, z, n become Keras's z, r, h and its
/// two biases become the (2, 3·units) bias of a GRU with <c>resetAfter: true</c> (the formula torch uses).
/// </summary>
/// <example><code>
/// var state = TorchStateDict.Load("encoder.pth");                 // torch.save(nn.LSTM(32, 64).state_dict(), ...)
/// var lstm = new LSTM(64, returnSequences: true);
/// TorchRecurrentWeights.Load(lstm, state, features: 32);         // weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0
/// </code></example>
public static class TorchRecurrentWeights
{
    /// <summary>
    /// Loads layer <paramref name="torchLayer"/> (the <c>l0</c>, <c>l1</c>, ... of a stacked torch module) of the state
    /// dict into <paramref name="layer"/>, all or nothing; a Bidirectional's backward layer takes the <c>_reverse</c>
    /// weights. <paramref name="prefix"/> is prepended to every key ("encoder.rnn." for a module inside a model). An unbuilt
    /// layer is built for the features of <c>weight_ih</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A key is missing, a shape does not fit the layer, or the layer computes something
    /// else than torch's module (a GRU without resetAfter, activations other than tanh and sigmoid, no bias where torch has one).</exception>
    public static void Load(Layer layer, IReadOnlyDictionary<string, Tensor> state, string prefix = "", int torchLayer = 0)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(prefix);
        var assignments = new List<(Variable Target, Tensor Value)>();
        string suffix = $"_l{torchLayer}";
        switch (layer)
        {
            case Bidirectional bi:
                Convert(bi.ForwardLayer, state, prefix, suffix, layer.Name, assignments);
                Convert(bi.BackwardLayer, state, prefix, suffix + "_reverse", layer.Name, assignments);
                break;
            case RNN rnn:
                Convert(rnn, state, prefix, suffix, layer.Name, assignments);
                break;
            default:
                throw new ArgumentException($"Layer '{layer.Name}' is a {layer.GetType().Name}; torch's recurrent weights load into LSTM, GRU, SimpleRNN or a Bidirectional of one.");
        }
        foreach (var (target, value) in assignments) { target.Assign(value); value.Dispose(); }
    }

    private static void Convert(RNN rnn, IReadOnlyDictionary<string, Tensor> state, string prefix, string suffix, string owner,
                                List<(Variable, Tensor)> assignments)
    {
        Tensor Get(string name)
        {
            var key = prefix + name + suffix;
            if (state.TryGetValue(key, out var t)) return t;
            var near = state.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Take(12);
            throw new ArgumentException($"Layer '{owner}': the state dict has no '{key}'; keys under '{prefix}': {string.Join(", ", near)}.");
        }
        var wih = Get("weight_ih");
        var whh = Get("weight_hh");
        bool hasBias = state.ContainsKey(prefix + "bias_ih" + suffix);
        var (kind, gates) = rnn.Cell switch
        {
            LSTMCell => ("LSTM", 4),
            GRUCell => ("GRU", 3),
            SimpleRNNCell => ("RNN", 1),
            _ => throw new ArgumentException($"Layer '{owner}': cell '{rnn.Cell.Name}' is a {rnn.Cell.GetType().Name}; torch's weights fit LSTMCell, GRUCell or SimpleRNNCell."),
        };
        var cell = (KernelRnnCell)rnn.Cell;
        if (whh.Rank != 2 || whh.Shape[0] != gates * whh.Shape[1] || wih.Rank != 2 || wih.Shape[0] != whh.Shape[0])
            throw new ArgumentException($"Layer '{owner}': {prefix}weight_ih{suffix} is {wih.Shape} and {prefix}weight_hh{suffix} {whh.Shape}; a torch {kind} has [{gates}·hidden, input] and [{gates}·hidden, hidden].");
        int units = whh.Shape[1], features = wih.Shape[1];
        if (units != cell.Units)
            throw new ArgumentException($"Layer '{owner}': torch's hidden size is {units} ({prefix}weight_hh{suffix} {whh.Shape}), the layer has {cell.Units} units.");
        if (kind != "RNN" && (cell.ActivationName != "tanh" || cell.RecurrentActivationName != "sigmoid"))
            throw new ArgumentException($"Layer '{owner}': torch's {kind} uses tanh and sigmoid; the layer has activation '{cell.ActivationName}' and recurrentActivation '{cell.RecurrentActivationName}'.");
        if (kind == "RNN" && cell.ActivationName is not ("tanh" or "relu"))
            throw new ArgumentException($"Layer '{owner}': torch's RNN uses tanh or relu; the layer has activation '{cell.ActivationName}'.");
        if (cell is GRUCell { ResetAfter: false })
            throw new ArgumentException($"Layer '{owner}': torch's GRU applies the reset gate after the recurrent product; make the layer with resetAfter: true.");
        if (hasBias != cell.UseBias)
            throw new ArgumentException($"Layer '{owner}': torch's module has {(hasBias ? "" : "no ")}biases, the layer has useBias: {cell.UseBias}.");
        if (!rnn.Built) rnn.BuildFromConfig(new() { ["input_shape"] = new List<object?> { null, null, (long)features } });
        if (cell.Kernel!.Shape[0] != features)
            throw new ArgumentException($"Layer '{owner}': torch's input size is {features} ({prefix}weight_ih{suffix} {wih.Shape}), the layer was built for {cell.Kernel.Shape[0]} features.");

        var dtype = cell.Kernel.DType;
        Tensor Prepare(Tensor t) => t.DType == dtype ? Ops.StopGradient(t) : Ops.Cast(t, dtype);
        // torch's GRU blocks r, z, n -> Keras's z, r, h; LSTM and RNN keep their order.
        Tensor Reorder(Tensor t) => kind == "GRU" ? Ops.Concatenate([Ops.SliceAxis(t, 0, units, units), Ops.SliceAxis(t, 0, 0, units), Ops.SliceAxis(t, 0, 2 * units, units)], 0) : t;
        assignments.Add((cell.Kernel, Ops.Transpose(Reorder(Prepare(wih)), [1, 0])));
        assignments.Add((cell.RecurrentKernel!, Ops.Transpose(Reorder(Prepare(whh)), [1, 0])));
        if (!hasBias) return;
        var bih = Reorder(Prepare(Get("bias_ih")));
        var bhh = Reorder(Prepare(Get("bias_hh")));
        if (bih.Shape != new Shape(gates * units) || bhh.Shape != new Shape(gates * units))
            throw new ArgumentException($"Layer '{owner}': the biases are {bih.Shape} and {bhh.Shape}; expected [{gates * units}].");
        assignments.Add((cell.Bias!, kind == "GRU" ? Ops.Stack([bih, bhh], 0) : Ops.Add(bih, bhh)));
    }
}
