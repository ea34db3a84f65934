using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

public sealed partial class TorchBackend : IFusedNormalizationKernels, IBatchNormTrainingKernels
{
    /// <inheritdoc/>
    public Tensor LayerNorm(Tensor x, Tensor? gamma, Tensor? beta, double epsilon) =>
        Wrap(torch.nn.functional.layer_norm(T(x), [x.Shape[-1]], gamma is null ? null : T(gamma), beta is null ? null : T(beta), epsilon),
             x.Device, x.Shape);

    /// <inheritdoc/>
    /// <remarks>
    /// TorchSharp does not expose libtorch's layer-norm backward kernel: it is reached through libtorch's autograd (the
    /// forward again on leaves sharing the inputs' storage, one pass, then its fused backward), where the formula took
    /// about a dozen kernels.
    /// </remarks>
    public (Tensor Input, Tensor? Gamma, Tensor? Beta) LayerNormGrad(Tensor x, Tensor? gamma, bool hasBeta, Tensor gradient, double epsilon)
    {
        using var scope = torch.NewDisposeScope();
        using var grad = torch.enable_grad();
        long c = x.Shape[-1];
        var xl = T(x).detach().requires_grad_(true);
        var gl = gamma is null ? null : T(gamma).detach().requires_grad_(true);
        // beta's gradient is the sum of the output gradient: a zero bias leaf stands in for it (its value does not matter)
        var bl = hasBeta ? torch.zeros(c, dtype: xl.dtype, device: xl.device).requires_grad_(true) : null;
        var y = torch.nn.functional.layer_norm(xl, [c], gl, bl, epsilon);
        TT[] leaves = [xl, .. gl is null ? Array.Empty<TT>() : [gl], .. bl is null ? Array.Empty<TT>() : [bl]];
        var grads = torch.autograd.grad([y], leaves, [T(gradient)]);
        var shape = new Shape([x.Shape[-1]]);
        return (Wrap(grads[0], x.Device, x.Shape),
                gl is null ? null : Wrap(grads[1], x.Device, shape),
                bl is null ? null : Wrap(grads[gl is null ? 1 : 2], x.Device, shape));
    }

    /// <inheritdoc/>
    /// <remarks>libtorch's batch_norm in training mode with the features moved to axis 1 (a view: a channels-last input
    /// keeps its layout); the statistics come from the same pass (see <see cref="BatchNormCore"/>).</remarks>
    public (Tensor Output, Tensor Mean, Tensor Variance) BatchNorm(Tensor x, Tensor? gamma, Tensor? beta, int axis, double epsilon)
    {
        using var scope = torch.NewDisposeScope();
        var (y, mean, variance) = BatchNormCore(T(x), gamma is null ? null : T(gamma), beta is null ? null : T(beta), x.Shape, axis, epsilon);
        var features = new Shape([x.Shape[axis]]);
        return (Wrap(y.contiguous(), x.Device, x.Shape), Wrap(mean, x.Device, features), Wrap(variance, x.Device, features));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The forward of <see cref="BatchNorm"/> on autograd leaves that share x's, gamma's and beta's storage, with
    /// libtorch's graph kept: the backward is libtorch's own fused batch-norm backward (two passes), for every gradient
    /// asked at once.
    /// </remarks>
    public (Tensor Output, Tensor Mean, Tensor Variance, BatchNormBackward Backward) BatchNormForTraining(Tensor x, Tensor? gamma, Tensor? beta,
                                                                                                         int axis, double epsilon)
    {
        TT y, xl;
        TT? gl, bl;
        Tensor output, mean, variance;
        using (torch.enable_grad())
        using (var scope = torch.NewDisposeScope())
        {
            xl = Leaf(x);
            gl = gamma is null ? null : Leaf(gamma);
            bl = beta is null ? null : Leaf(beta);
            var (yv, m, v) = BatchNormCore(xl, gl, bl, x.Shape, axis, epsilon);
            y = yv;
            y.DetachFromDisposeScope();
            var features = new Shape([x.Shape[axis]]);
            output = Wrap(y.detach().contiguous(), x.Device, x.Shape);
            mean = Wrap(m.detach(), x.Device, features);
            variance = Wrap(v.detach(), x.Device, features);
        }
        return (output, mean, variance, (dy, input, gammaGrad, betaGrad) =>
        {
            var wanted = new List<(int Slot, TT Leaf)>();
            if (input) wanted.Add((0, xl));
            if (gammaGrad && gl is not null) wanted.Add((1, gl));
            if (betaGrad && bl is not null) wanted.Add((2, bl));
            var result = new Tensor?[3];
            using (var scope = torch.NewDisposeScope())
            {
                if (wanted.Count > 0)
                {
                    var grads = torch.autograd.grad([y], [.. wanted.Select(w => w.Leaf)], [T(dy)]);
                    for (int i = 0; i < wanted.Count; i++)
                    {
                        int slot = wanted[i].Slot;
                        result[slot] = Wrap(grads[i].contiguous(), x.Device, slot == 0 ? x.Shape : new Shape([x.Shape[axis]]));
                    }
                }
            }
            y.Dispose();
            xl.Dispose();
            gl?.Dispose();
            bl?.Dispose();
            return (result[0], result[1], result[2]);
        });
    }

    /// <summary>
    /// libtorch's batch_norm in training mode on x with its features moved to axis 1 (a view), the result moved back (a
    /// view). The batch's mean and biased variance come from the running statistics it updates in the same pass: with
    /// momentum 1 they are exactly the batch mean and the unbiased variance, which is scaled by (n - 1) / n. With one
    /// value per feature (no unbiased variance) they come from var_mean.
    /// </summary>
    private static (TT Output, TT Mean, TT Variance) BatchNormCore(TT t, TT? gamma, TT? beta, Shape shape, int axis, double epsilon)
    {
        long features = shape[axis], count = shape.Size / features;
        var moved = t.movedim([axis], [1L]);
        if (count < 2)
        {
            var (v, m) = torch.var_mean(t.detach(), ReduceDims(shape.Rank, axis), unbiased: false);
            var y1 = torch.nn.functional.batch_norm(moved, null, null, gamma, beta, training: true, eps: epsilon);
            return (y1.movedim([1L], [axis]), m, v);
        }
        var mean = torch.zeros(features, dtype: t.dtype, device: t.device);
        var variance = torch.zeros(features, dtype: t.dtype, device: t.device);
        var y = torch.nn.functional.batch_norm(moved, mean, variance, gamma, beta, training: true, momentum: 1.0, eps: epsilon);
        // out of place: libtorch's backward reads the running statistics it saved
        return (y.movedim([1L], [axis]), mean, variance.mul((count - 1.0) / count));
    }

    /// <inheritdoc/>
    /// <remarks>TorchSharp does not expose libtorch's batch-norm backward: dx = g·a + x·b + c per feature, from the two
    /// sums it needs.</remarks>
    public (Tensor Input, Tensor? Gamma, Tensor? Beta) BatchNormGrad(Tensor x, Tensor mean, Tensor variance, Tensor? gamma, bool hasBeta,
                                                                      Tensor gradient, int axis, double epsilon)
    {
        using var scope = torch.NewDisposeScope();
        var t = T(x);
        var g = T(gradient);
        var reduce = ReduceDims(x.Rank, axis);
        var view = new long[x.Rank];
        Array.Fill(view, 1L);
        view[axis] = x.Shape[axis];
        long count = x.Shape.Size / x.Shape[axis];
        var m = T(mean).reshape(view);
        var rstd = T(variance).add(epsilon).rsqrt_();
        var sumG = g.sum(reduce);
        var sumGX = g.mul(t.sub(m)).sum(reduce);
        var ga = gamma is null ? rstd : rstd.mul(T(gamma));
        var b = ga.mul(rstd).mul_(rstd).mul_(sumGX).div_(-count);
        var c = ga.mul(sumG).div_(-count).sub_(b.mul(T(mean)));
        var dx = g.mul(ga.reshape(view)).add_(t.mul(b.reshape(view))).add_(c.reshape(view));
        var features = new Shape([x.Shape[axis]]);
        return (Wrap(dx, x.Device, x.Shape),
                gamma is null ? null : Wrap(sumGX.mul(rstd), x.Device, features),
                hasBeta ? Wrap(sumG, x.Device, features) : null);
    }

    private static long[] ReduceDims(int rank, int axis) => [.. Enumerable.Range(0, rank).Where(i => i != axis).Select(i => (long)i)];
}
