using System.Collections.Concurrent;
using TorchSharp;
using TorchSharp.Modules;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend : IFusedRecurrentKernels
{
    // libtorch's recurrent modules by (kind, features, units, biases, nonlinearity, dtype, device); a call takes one out
    // while its graph lives (a second layer of the same shape takes another), and gives it back after its backward.
    private readonly ConcurrentDictionary<string, ConcurrentBag<torch.nn.Module>> _recurrentModules = new();
    // Each module's parameters, fetched once: every call points them at its own weights (Share).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<torch.nn.Module, Dictionary<string, TT>> _recurrentParameters = new();

    /// <inheritdoc/>
    /// <remarks>
    /// libtorch's LSTM, GRU and RNN compute Keras's cells with tanh and sigmoid (RNN: tanh or relu). A masked call on the
    /// CPU runs on libtorch's packed sequences when its mask is a right-padded prefix mask with no empty row (a read of
    /// the mask decides); Keras's masks may skip any step, and those other masks, and masked calls on a GPU (where the
    /// read would stall the step), are composed.
    /// </remarks>
    public bool CanFuseRecurrence(RecurrenceArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = args.Options;
        if (args.Inputs.DType is not (DType.Float32 or DType.Float64)) return false;
        bool cell = o.Kind == RecurrentCellKind.SimpleRnn
            ? o.Activation is RecurrentActivation.Tanh or RecurrentActivation.Relu
            : o.Activation == RecurrentActivation.Tanh && o.RecurrentActivation == RecurrentActivation.Sigmoid;
        // Packing needs the lengths on the host: on a GPU that read would stall a training step, so masks are composed there.
        return cell && (args.Mask is null || (args.Inputs.Device.Type == DeviceType.Cpu && CanPackMask(args)));
    }

    private sealed class RecurrentCall(torch.nn.Module module, string key, TT[] leaves, TT packed)
    {
        public torch.nn.Module Module { get; } = module;
        public string Key { get; } = key;
        public TT[] Leaves { get; } = leaves;     // inputs, weight_ih, weight_hh, bias_ih, bias_hh, h0, c0 (those present)
        public TT Packed { get; } = packed;
        public bool Returned { get; set; }
    }

    /// <inheritdoc/>
    /// <remarks>Saved: the libtorch graph of the call (when a tape records it), whose backward is libtorch's.</remarks>
    public (Tensor Packed, object? Saved) Recurrence(RecurrenceArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = args.Options;
        int units = args.RecurrentKernel.Shape[0], features = args.Inputs.Shape[2];
        bool gru = o.Kind == RecurrentCellKind.Gru, lstm = o.Kind == RecurrentCellKind.Lstm;
        bool biases = args.Bias is not null || args.RecurrentBias is not null;
        var x0 = T(args.Inputs);
        string key = $"{o.Kind}/{features}/{units}/{biases}/{o.Activation}/{x0.dtype}/{x0.device}";
        var module = Rent(key, o, features, units, biases, x0);
        var parameters = _recurrentParameters.GetValue(module, m => m.named_parameters().ToDictionary(p => p.name, p => (TT)p.parameter));
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
        {
            // The module's parameters become views of our tensors' storage (set_: no copy), transposed where torch's
            // layout is [gates·units, ...]. GRU's gate blocks are in another order (z, r against r, z), which no view
            // expresses: that one reorder is a copy.
            Share(parameters["weight_ih_l0"], ToTorchLayout(T(args.Kernel), o.Kind, units).t());
            Share(parameters["weight_hh_l0"], ToTorchLayout(T(args.RecurrentKernel), o.Kind, units).t());
            if (biases)
            {
                var zeros = torch.zeros(args.RecurrentKernel.Shape[1], x0.dtype, x0.device);
                Share(parameters["bias_ih_l0"], args.Bias is null ? zeros : ToTorchLayout(T(args.Bias), o.Kind, units));
                Share(parameters["bias_hh_l0"], args.RecurrentBias is null ? zeros : ToTorchLayout(T(args.RecurrentBias), o.Kind, units));
            }
        }
        bool grad = args.Recording;
        using var mode = torch.set_grad_enabled(grad);
        // Only what a tape tracks joins libtorch's graph: an untracked input (a plain batch) costs no input gradient.
        var tracked = args.Tracked;
        int last = args.Differentiable.Length - 1;
        bool Tracked(int i) => tracked is null || tracked[i];
        var x = grad && Tracked(0) ? x0.detach().requires_grad_(true) : x0;
        int h0At = args.C0 is null ? last : last - 1;
        var h0 = grad && Tracked(h0At) ? T(args.H0).detach().requires_grad_(true) : T(args.H0);
        var c0 = args.C0 is null ? null : grad && Tracked(last) ? T(args.C0).detach().requires_grad_(true) : T(args.C0);
        TT y, h, c = null!;
        if (args.Mask is not null)
        {
            TT? cLast;
            (y, h, cLast) = RunPacked(module, args, x, h0, c0);
            c = cLast!;
        }
        else
        {
            var input = o.GoBackwards ? x.flip(1) : x;
            switch (module)
            {
                case LSTM m: (y, h, c) = m.call(input, (h0.unsqueeze(0), c0!.unsqueeze(0))); break;
                case GRU m: (y, h) = m.call(input, h0.unsqueeze(0)); break;
                default: (y, h) = ((RNN)module).call(input, h0.unsqueeze(0)); break;
            }
            h = h.transpose(0, 1);
            if (lstm) c = c.transpose(0, 1);
        }
        TT[] rows = lstm ? [y, h, c] : [y, h];
        var packed = torch.cat(rows, 1);
        var result = Wrap(packed.detach(), args.Inputs.Device, new Shape(args.Inputs.Shape[0], args.Inputs.Shape[1] + (lstm ? 2 : 1), units));
        if (!grad)
        {
            Return(key, module);
            return (result, null);
        }
        var leaves = new List<TT> { x, parameters["weight_ih_l0"], parameters["weight_hh_l0"] };
        if (biases) { leaves.Add(parameters["bias_ih_l0"]); leaves.Add(parameters["bias_hh_l0"]); }
        leaves.Add(h0);
        if (c0 is not null) leaves.Add(c0);
        foreach (var t in leaves) t.DetachFromDisposeScope();
        packed.DetachFromDisposeScope();
        return (result, new RecurrentCall(module, key, [.. leaves], packed));
    }

    /// <inheritdoc/>
    public Tensor?[] RecurrenceBackward(RecurrenceArgs args, Tensor packed, object? saved, Tensor gradPacked, IReadOnlyList<bool> needed)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(needed);
        if (saved is not RecurrentCall call) throw new ArgumentException("torch recurrence backward: the forward pass's graph is missing.", nameof(saved));
        var o = args.Options;
        int units = args.RecurrentKernel.Shape[0];
        bool biases = args.Bias is not null || args.RecurrentBias is not null;
        // Leaves: inputs, weight_ih, weight_hh, [bias_ih, bias_hh,] h0[, c0]; Differentiable: inputs, kernel, bias?,
        // recurrentKernel, recurrentBias?, h0, c0?. Only the wanted leaves are asked for: libtorch's engine then skips
        // the products that lead only to the others (the inputs' gradient above all).
        int d = 0;
        bool wantInputs = needed[d++], wantKernel = needed[d++], wantBias = args.Bias is not null && needed[d++];
        bool wantRecurrent = needed[d++], wantRecurrentBias = args.RecurrentBias is not null && needed[d++];
        bool wantH0 = needed[d++], wantC0 = args.C0 is not null && needed[d];
        var want = new List<bool> { wantInputs, wantKernel, wantRecurrent };
        if (biases) { want.Add(wantBias); want.Add(wantRecurrentBias); }
        want.Add(wantH0);
        if (args.C0 is not null) want.Add(wantC0);
        for (int i = 0; i < want.Count; i++) want[i] &= call.Leaves[i].requires_grad;   // untracked leaves never joined the graph
        var asked = call.Leaves.Where((_, i) => want[i]).ToArray();
        using var scope = torch.NewDisposeScope();
        var g = new TT?[call.Leaves.Length];
        if (asked.Length > 0)
        {
            IList<TT> got;
            using (torch.enable_grad()) got = torch.autograd.grad([call.Packed], asked, [T(gradPacked)]);
            for (int i = 0, j = 0; i < g.Length; i++) if (want[i]) g[i] = got[j++];
        }
        ReleaseRecurrence(call);
        var device = args.Inputs.Device;
        Tensor? Plain(TT? t, Tensor like) => t is null ? null : Wrap(t.contiguous(), device, like.Shape);
        Tensor? Gates(TT? t, Tensor like, bool transpose) => t is null ? null
            : Wrap(FromTorchLayout(transpose ? t.t() : t, o.Kind, units).contiguous(), device, like.Shape);
        int next = biases ? 5 : 3;
        var grads = new List<Tensor?> { Plain(g[0], args.Inputs), Gates(g[1], args.Kernel, true) };
        if (args.Bias is not null) grads.Add(Gates(g[3], args.Bias, false));
        grads.Add(Gates(g[2], args.RecurrentKernel, true));
        if (args.RecurrentBias is not null) grads.Add(Gates(g[4], args.RecurrentBias, false));
        grads.Add(Plain(g[next], args.H0));
        if (args.C0 is not null) grads.Add(Plain(g[next + 1], args.C0));
        return [.. grads];
    }

    // Points a module parameter at the storage of `source` (its sizes and strides too): the call reads our tensor in place.
    private static void Share(TT parameter, TT source)
    {
        var result = parameter.set_(source);
        if (!ReferenceEquals(result, parameter)) result.Dispose();
    }

    /// <inheritdoc/>
    public void ReleaseRecurrence(object? saved)
    {
        if (saved is not RecurrentCall call || call.Returned) return;
        call.Returned = true;
        foreach (var t in call.Leaves) if (t.grad is { } gr) { gr.Dispose(); }
        call.Packed.Dispose();
        Return(call.Key, call.Module);
    }

    private torch.nn.Module Rent(string key, RecurrenceOptions o, int features, int units, bool biases, TT like)
    {
        if (_recurrentModules.GetOrAdd(key, _ => []).TryTake(out var module)) return module;
        torch.nn.Module made = o.Kind switch
        {
            RecurrentCellKind.Lstm => torch.nn.LSTM(features, units, bias: biases, batchFirst: true),
            RecurrentCellKind.Gru => torch.nn.GRU(features, units, bias: biases, batchFirst: true),
            _ => torch.nn.RNN(features, units, nonLinearity: o.Activation == RecurrentActivation.Relu ? torch.nn.NonLinearities.ReLU : torch.nn.NonLinearities.Tanh,
                              bias: biases, batchFirst: true),
        };
        return made.to(like.dtype).to(like.device);
    }

    private void Return(string key, torch.nn.Module module) => _recurrentModules.GetOrAdd(key, _ => []).Add(module);

    // Keras's gate blocks along the last axis to torch's along the first of its [gates·units, ...] layout: LSTM i,f,c,o is
    // torch's i,f,g,o; GRU z,r,h is torch's r,z,n (the first two blocks swap). The argument is [..., gates·units].
    private static TT ToTorchLayout(TT keras, RecurrentCellKind kind, int units)
    {
        if (kind != RecurrentCellKind.Gru) return keras;
        var parts = keras.split(units, -1);
        return torch.cat([parts[1], parts[0], parts[2]], -1);
    }

    // The inverse (the swap is its own inverse).
    private static TT FromTorchLayout(TT torchLayout, RecurrentCellKind kind, int units) => ToTorchLayout(torchLayout, kind, units);
}
