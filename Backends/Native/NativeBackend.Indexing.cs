using KerasSharp.Backends.Native.Gpu;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

public sealed partial class NativeBackend
{
    /// <inheritdoc/>
    public Tensor Gather(Tensor x, Tensor indices, int axis, Shape outShape)
    {
        if (GpuLaunch.OnGpu(x) || GpuLaunch.OnGpu(indices)) return GpuCompute.Gather(this, x, indices, axis, outShape);
        return Dispatch.Any<Tensor, GatherFn>(x.DType, new(this, x, ReadIndices(indices, x.Shape[axis], axis, "Gather"), axis, outShape));
    }

    private readonly record struct GatherFn(NativeBackend B, Tensor X, int[] Idx, int Axis, Shape Out) : IAnyFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged
        {
            var (outer, n, inner) = AxisView(X.Shape, Axis);
            var x = NativeTensors.Data<T>(X);
            var d = NativeTensors.Alloc<T>(Out);
            int m = Idx.Length;
            var idx = Idx;
            NativeParallel.For(outer * m, Math.Max(1, (1 << 14) / Math.Max(1, inner)),
                [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
            {
                for (int w = s; w < e; w++)
                {
                    int o = w / m, j = w % m;
                    Array.Copy(x, (o * n + idx[j]) * inner, d, w * inner, inner);
                }
            });
            return NativeTensors.Wrap(B, d, Out);
        }
    }

    /// <inheritdoc/>
    public Tensor ScatterAdd(Tensor target, Tensor indices, Tensor updates, int axis)
    {
        if (GpuLaunch.OnGpu(target) || GpuLaunch.OnGpu(indices) || GpuLaunch.OnGpu(updates)) return GpuCompute.ScatterAdd(this, target, indices, updates, axis);
        var idx = ReadIndices(indices, target.Shape[axis], axis, "ScatterAdd");
        if (target.DType == DType.Bool)
            return ScatterOr(target, idx, updates, axis);
        return Dispatch.Numeric<Tensor, ScatterFn>(target.DType, new(this, target, idx, updates, axis), "ScatterAdd");
    }

    private readonly record struct ScatterFn(NativeBackend B, Tensor Target, int[] Idx, Tensor Updates, int Axis) : INumericFn<Tensor>
    {
        public Tensor Run<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var (outer, n, inner) = AxisView(Target.Shape, Axis);
            var d = NativeTensors.Copy(NativeTensors.Data<T>(Target));
            var u = NativeTensors.Data<T>(Updates);
            int m = Idx.Length;
            var idx = Idx;
            // parallel over the leading dims only: rows of one outer slice may collide; their order stays fixed
            NativeParallel.For(outer, Math.Max(1, (1 << 14) / Math.Max(1, m * inner)),
                [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s, e) =>
            {
                for (int o = s; o < e; o++)
                    for (int j = 0; j < m; j++)
                    {
                        var dst = new Span<T>(d, (o * n + idx[j]) * inner, inner);
                        TensorPrimitives.Add(dst, new ReadOnlySpan<T>(u, (o * m + j) * inner, inner), dst);
                    }
            });
            return NativeTensors.Wrap(B, d, Target.Shape);
        }
    }

    private Tensor ScatterOr(Tensor target, int[] idx, Tensor updates, int axis)
    {
        var (outer, n, inner) = AxisView(target.Shape, axis);
        var d = NativeTensors.Copy(NativeTensors.Data<bool>(target));
        var u = NativeTensors.Data<bool>(updates);
        int m = idx.Length;
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < m; j++)
                for (int i = 0; i < inner; i++)
                    d[(o * n + idx[j]) * inner + i] |= u[(o * m + j) * inner + i];
        return NativeTensors.Wrap(this, d, target.Shape);
    }

    /// <summary>Indices as non-negative ints; negative ones count from the end; out of range throws.</summary>
    private static int[] ReadIndices(Tensor indices, int size, int axis, string op)
    {
        var r = new int[indices.Size];
        if (indices.DType == DType.Int64)
        {
            var src = NativeTensors.Data<long>(indices);
            for (int i = 0; i < r.Length; i++) r[i] = Normalize(src[i], size, axis, op);
        }
        else if (indices.DType == DType.Int32)
        {
            var src = NativeTensors.Data<int>(indices);
            for (int i = 0; i < r.Length; i++) r[i] = Normalize(src[i], size, axis, op);
        }
        else throw new NotSupportedException($"{op}: indices must be int32 or int64, got {indices.DType.Name()}.");
        return r;
    }

    private static int Normalize(long i, int size, int axis, string op)
    {
        long k = i < 0 ? i + size : i;
        if (k < 0 || k >= size)
            throw new IndexOutOfRangeException($"{op}: index {i} is out of range for axis {axis} of size {size}.");
        return (int)k;
    }
}
