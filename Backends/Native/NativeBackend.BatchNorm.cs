using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>
/// Batch normalization with the batch's statistics, x seen as [outer, features, inner] (channels-last: inner is 1, a row
/// of features per position; channels-first: a run of inner positions per feature). Forward: one pass for each
/// feature's shifted sum and sum of squares, one for the output. Backward: one pass for the sums of g and g·(x - mean),
/// one for dx = g·a + x·b + c with a, b, c per feature. Sums run per fixed chunk of slabs (in x's type within a
/// chunk, in double across chunks, in chunk order), so results do not depend on the thread count.
/// </summary>
public sealed partial class NativeBackend
{
    /// <inheritdoc/>
    public (Tensor Output, Tensor Mean, Tensor Variance) BatchNorm(Tensor x, Tensor? gamma, Tensor? beta, int axis, double epsilon) =>
        Dispatch.Float<(Tensor, Tensor, Tensor), BatchNormFn>(x.DType, new(this, x, gamma, beta, axis, epsilon), "BatchNorm");

    /// <inheritdoc/>
    public (Tensor Input, Tensor? Gamma, Tensor? Beta) BatchNormGrad(Tensor x, Tensor mean, Tensor variance, Tensor? gamma, bool hasBeta,
                                                                      Tensor gradient, int axis, double epsilon) =>
        Dispatch.Float<(Tensor, Tensor?, Tensor?), BatchNormGradFn>(x.DType, new(this, x, mean, variance, gamma, hasBeta, gradient, axis, epsilon), "BatchNormGrad");

    /// <summary>How x splits into [outer, features, inner] and into the fixed chunks of slabs the sums run over.</summary>
    private readonly record struct BatchNormLayout(int Outer, int Features, int Inner)
    {
        public static BatchNormLayout Of(Shape shape, int axis)
        {
            int outer = 1, inner = 1;
            for (int i = 0; i < axis; i++) outer *= shape[i];
            for (int i = axis + 1; i < shape.Rank; i++) inner *= shape[i];
            return new(outer, shape[axis], inner);
        }

        public int Slab => Features * Inner;
        public long Count => (long)Outer * Inner;
        // About 16K elements a chunk: a chunk's float sums stay short, and there are enough chunks for the threads.
        public int SlabsPerChunk => Math.Max(1, (1 << 14) / Math.Max(1, Slab));
        public int Chunks => (Outer + SlabsPerChunk - 1) / SlabsPerChunk;
        public (int Start, int End) SlabsOf(int chunk) => (chunk * SlabsPerChunk, Math.Min(Outer, (chunk + 1) * SlabsPerChunk));
    }

    /// <summary>Two sums per feature over x's slabs, for <see cref="PairSums"/>: what is summed, row by row or run by run.</summary>
    private interface IFeatureSums<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Channels-last: adds the rows of features in [at, at + length) into the two accumulators, row by row.</summary>
        void AddRows(int at, int length, Span<T> first, Span<T> second);

        /// <summary>Channels-first: the two sums over feature <paramref name="feature"/>'s run of <paramref name="tmp"/>.Length values at <paramref name="at"/>.</summary>
        (T First, T Second) Run(int at, int feature, Span<T> tmp);
    }

    /// <summary>Forward: the sum of (x - shift) and of its square.</summary>
    private readonly record struct ShiftedMoments<T>(T[] X, T[] Shift) : IFeatureSums<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void AddRows(int at, int length, Span<T> first, Span<T> second) =>
            FeatureRows.ShiftedSums<T>(new ReadOnlySpan<T>(X, at, length), Shift, first, second);

        public (T First, T Second) Run(int at, int feature, Span<T> tmp)
        {
            TensorPrimitives.Subtract<T>(new ReadOnlySpan<T>(X, at, tmp.Length), Shift[feature], tmp);
            return (TensorPrimitives.Sum<T>(tmp), TensorPrimitives.SumOfSquares<T>(tmp));
        }
    }

    /// <summary>Backward: the sum of g and of g (x - mean).</summary>
    private readonly record struct GradientMoments<T>(T[] X, T[] G, T[] Mean) : IFeatureSums<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void AddRows(int at, int length, Span<T> first, Span<T> second) =>
            FeatureRows.GradientSums<T>(new ReadOnlySpan<T>(X, at, length), new ReadOnlySpan<T>(G, at, length), Mean, first, second);

        public (T First, T Second) Run(int at, int feature, Span<T> tmp)
        {
            var g = new ReadOnlySpan<T>(G, at, tmp.Length);
            TensorPrimitives.Subtract<T>(new ReadOnlySpan<T>(X, at, tmp.Length), Mean[feature], tmp);
            return (TensorPrimitives.Sum<T>(g), TensorPrimitives.Dot<T>(g, tmp));
        }
    }

    /// <summary>
    /// The two sums of <paramref name="sums"/> per feature, chunk by fixed chunk of slabs: within a chunk in x's type
    /// (channels-last rows into vector accumulators, channels-first runs one at a time), across chunks in double, in
    /// chunk order.
    /// </summary>
    private static (double[] First, double[] Second) PairSums<T, TSums>(BatchNormLayout l, TSums sums)
        where T : unmanaged, IFloatingPointIeee754<T> where TSums : struct, IFeatureSums<T>
    {
        int f = l.Features, chunks = l.Chunks;
        var p1 = new double[chunks * f];
        var p2 = new double[chunks * f];
        NativeParallel.For(chunks, 1, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (cs, ce) =>
        {
            var tmp = new T[l.Inner == 1 ? 0 : l.Inner];
            var a1 = new T[f];
            var a2 = new T[f];
            for (int k = cs; k < ce; k++)
            {
                var (start, end) = l.SlabsOf(k);
                if (l.Inner == 1)
                {
                    Array.Clear(a1);
                    Array.Clear(a2);
                    sums.AddRows(start * f, (end - start) * f, a1, a2);
                    for (int c = 0; c < f; c++)
                    {
                        p1[k * f + c] = double.CreateTruncating(a1[c]);
                        p2[k * f + c] = double.CreateTruncating(a2[c]);
                    }
                    continue;
                }
                for (int o = start; o < end; o++)
                    for (int c = 0; c < f; c++)
                    {
                        var (s1, s2) = sums.Run(o * l.Slab + c * l.Inner, c, tmp);
                        p1[k * f + c] += double.CreateTruncating(s1);
                        p2[k * f + c] += double.CreateTruncating(s2);
                    }
            }
        });
        return (SumChunkPartials(p1, chunks, f), SumChunkPartials(p2, chunks, f));
    }

    /// <summary>Adds each chunk's partial sums ([chunks, features]) in chunk order.</summary>
    private static double[] SumChunkPartials(double[] parts, int chunks, int features)
    {
        var total = new double[features];
        for (int k = 0; k < chunks; k++)
            for (int f = 0; f < features; f++) total[f] += parts[k * features + f];
        return total;
    }

    private readonly record struct BatchNormFn(NativeBackend B, Tensor X, Tensor? Gamma, Tensor? Beta, int Axis, double Epsilon) : IFloatFn<(Tensor, Tensor, Tensor)>
    {
        public (Tensor, Tensor, Tensor) Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            T[] x = NativeTensors.Data<T>(X);
            var l = BatchNormLayout.Of(X.Shape, Axis);
            int f = l.Features;
            // Shifted sums (by each feature's first value) keep the variance accurate when the mean is far from zero.
            var shift = new T[f];
            for (int c = 0; c < f; c++) shift[c] = x[c * l.Inner];
            var (s1, s2) = PairSums<T, ShiftedMoments<T>>(l, new(x, shift));
            var mean = NativeTensors.Alloc<T>(f);
            var variance = NativeTensors.Alloc<T>(f);
            var scale = new T[f];
            var offset = new T[f];
            T[]? gamma = Gamma is null ? null : NativeTensors.Data<T>(Gamma), beta = Beta is null ? null : NativeTensors.Data<T>(Beta);
            for (int c = 0; c < f; c++)
            {
                double d = s1[c] / l.Count, m = double.CreateTruncating(shift[c]) + d;
                double v = Math.Max(0, s2[c] / l.Count - d * d);
                double sc = 1 / Math.Sqrt(v + Epsilon) * (gamma is null ? 1 : double.CreateTruncating(gamma[c]));
                mean[c] = T.CreateTruncating(m);
                variance[c] = T.CreateTruncating(v);
                scale[c] = T.CreateTruncating(sc);
                offset[c] = T.CreateTruncating((beta is null ? 0 : double.CreateTruncating(beta[c])) - m * sc);
            }
            T[] y = NativeTensors.Alloc<T>(X.Shape.Size);
            NativeParallel.For(l.Outer, Math.Max(1, (1 << 14) / l.Slab), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
            {
                if (l.Inner == 1)
                {
                    FeatureRows.MultiplyAdd<T>(new ReadOnlySpan<T>(x, s * f, (e - s) * f), scale, offset, new Span<T>(y, s * f, (e - s) * f));
                    return;
                }
                for (int o = s; o < e; o++)
                {
                    int at = o * l.Slab;
                    for (int c = 0; c < f; c++, at += l.Inner)
                    {
                        var dst = new Span<T>(y, at, l.Inner);
                        TensorPrimitives.Multiply<T>(new ReadOnlySpan<T>(x, at, l.Inner), scale[c], dst);
                        TensorPrimitives.Add<T>(dst, offset[c], dst);
                    }
                }
            });
            var features = new Shape([f]);
            return (NativeTensors.Wrap(B, y, X.Shape), NativeTensors.Wrap(B, mean, features), NativeTensors.Wrap(B, variance, features));
        }
    }

    private readonly record struct BatchNormGradFn(NativeBackend B, Tensor X, Tensor Mean, Tensor Variance, Tensor? Gamma, bool HasBeta,
                                                   Tensor G, int Axis, double Epsilon) : IFloatFn<(Tensor, Tensor?, Tensor?)>
    {
        public (Tensor, Tensor?, Tensor?) Run<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            T[] x = NativeTensors.Data<T>(X), g = NativeTensors.Data<T>(G), mean = NativeTensors.Data<T>(Mean), variance = NativeTensors.Data<T>(Variance);
            T[]? gamma = Gamma is null ? null : NativeTensors.Data<T>(Gamma);
            var l = BatchNormLayout.Of(X.Shape, Axis);
            int f = l.Features;
            var (sumG, sumGX) = PairSums<T, GradientMoments<T>>(l, new(x, g, mean));   // sum g and sum g (x - mean), per feature

            // dx = gamma rstd (g - sum g / n - (x - mean) rstd² sum g(x - mean) / n) = g a + x b + c
            var a = new T[f];
            var b = new T[f];
            var c0 = new T[f];
            T[]? dGamma = gamma is null ? null : NativeTensors.Alloc<T>(f);
            T[]? dBeta = HasBeta ? NativeTensors.Alloc<T>(f) : null;
            for (int c = 0; c < f; c++)
            {
                double rstd = 1 / Math.Sqrt(double.CreateTruncating(variance[c]) + Epsilon);
                double ga = (gamma is null ? 1 : double.CreateTruncating(gamma[c])) * rstd, m = double.CreateTruncating(mean[c]);
                double bb = -ga * rstd * rstd * sumGX[c] / l.Count;
                a[c] = T.CreateTruncating(ga);
                b[c] = T.CreateTruncating(bb);
                c0[c] = T.CreateTruncating(-ga * sumG[c] / l.Count - bb * m);
                if (dGamma is not null) dGamma[c] = T.CreateTruncating(sumGX[c] * rstd);
                if (dBeta is not null) dBeta[c] = T.CreateTruncating(sumG[c]);
            }
            T[] dx = NativeTensors.Alloc<T>(X.Shape.Size);
            NativeParallel.For(l.Outer, Math.Max(1, (1 << 14) / l.Slab), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
            {
                if (l.Inner == 1)
                {
                    int at = s * f, length = (e - s) * f;
                    FeatureRows.TwoMultiplyAdds<T>(new ReadOnlySpan<T>(x, at, length), new ReadOnlySpan<T>(g, at, length), a, b, c0, new Span<T>(dx, at, length));
                    return;
                }
                var tmp = new T[l.Inner];
                for (int o = s; o < e; o++)
                {
                    int at = o * l.Slab;
                    for (int c = 0; c < f; c++, at += l.Inner)
                    {
                        TensorPrimitives.Multiply<T>(new ReadOnlySpan<T>(x, at, l.Inner), b[c], tmp);
                        TensorPrimitives.Add<T>(tmp, c0[c], tmp);
                        TensorPrimitives.FusedMultiplyAdd<T>(new ReadOnlySpan<T>(g, at, l.Inner), a[c], tmp, new Span<T>(dx, at, l.Inner));
                    }
                }
            });
            var features = new Shape([f]);
            return (NativeTensors.Wrap(B, dx, X.Shape),
                    dGamma is null ? null : NativeTensors.Wrap(B, dGamma, features),
                    dBeta is null ? null : NativeTensors.Wrap(B, dBeta, features));
        }
    }
}
