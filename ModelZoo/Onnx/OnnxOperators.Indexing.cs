namespace KerasSharp.Onnx;

internal static partial class OnnxOperators
{
    private static void AddIndexing()
    {
        Add("Gather", c =>
        {
            var x = c.In(0);
            int axis = c.Axis(c.Attributes.Int("axis", 0), x.Rank);
            var value = c.Value(1);
            Tensor indices;
            if (value.IsHost)
            {
                // Negative indices count from the end.
                var host = value.Host.AsInt64();
                long n = x.Shape[axis];
                indices = c.Make(new OnnxHostTensor(DType.Int64, value.Shape, host.Select(i => i < 0 ? i + n : i).ToArray()));
            }
            else indices = value.Tensor;
            if (indices.DType is not (DType.Int64 or DType.Int32)) indices = Ops.Cast(indices, DType.Int64);
            return Ops.Take(x, indices, axis);
        });
        Add("Shape", c =>
        {
            var shape = c.Value(0).Shape;
            int rank = shape.Length;
            long start = c.Attributes.Int("start", 0), end = c.Attributes.Int("end", rank);
            if (start < 0) start += rank;
            if (end < 0) end += rank;
            start = Math.Clamp(start, 0, rank);
            end = Math.Clamp(end, start, rank);
            var dims = shape[(int)start..(int)end].Select(d => (long)d).ToArray();
            return c.Make(new OnnxHostTensor(DType.Int64, [dims.Length], dims));
        });
    }
}
