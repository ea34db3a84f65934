namespace KerasSharp.Backends;

/// <summary>
/// The backend contract: the primitive ops every backend implements over its own storage.
/// </summary>
/// <remarks>
/// <para>Core validates every call once (shapes, dtypes, axes) and passes the result shape in;
/// a backend may assume valid, normalised arguments: axes are non-negative, inputs of binary ops share
/// one dtype, and every tensor lives on this backend. Outputs are new tensors made with
/// <see cref="Tensor.FromStorage"/>; inputs are never modified.</para>
/// <para>Composite ops (gelu, layer norm, cross-entropy) are built from these in Core.</para>
/// </remarks>
public interface IBackend
{
    /// <summary>Short name used by <c>KERASSHARP_BACKEND</c> ("native", "torch").</summary>
    string Name { get; }

    /// <summary>Whether tensors can be placed on <paramref name="device"/>; if not, <paramref name="reason"/> says what is missing.</summary>
    bool SupportsDevice(Device device, out string reason);

    // ---- host transfer and creation ----

    /// <summary>
    /// Makes a tensor from a flat host array (element type matching <paramref name="dtype"/>). The backend may keep
    /// the array as its storage, so callers hand over a fresh array and do not touch it afterwards.
    /// </summary>
    Tensor FromHost(Array data, Shape shape, DType dtype, Device device);

    /// <summary>Copies the elements, row-major, into <paramref name="destination"/> (a flat array of the tensor's element type).</summary>
    void CopyToHost(Tensor x, Array destination);

    /// <summary>A tensor filled with <paramref name="value"/> (converted to <paramref name="dtype"/>).</summary>
    Tensor Full(Shape shape, DType dtype, double value, Device device);

    /// <summary>Uniform samples in [low, high). The same seed gives the same values on any thread count.</summary>
    Tensor RandomUniform(Shape shape, DType dtype, double low, double high, ulong seed, Device device);

    /// <summary>Normal samples. The same seed gives the same values on any thread count.</summary>
    Tensor RandomNormal(Shape shape, DType dtype, double mean, double std, ulong seed, Device device);

    /// <summary>
    /// Bernoulli samples of a floating dtype: each element is <paramref name="value"/> with probability
    /// <paramref name="p"/>, else 0 (a dropout mask is 1/keep where kept). The same seed gives the same values on
    /// any thread count.
    /// </summary>
    Tensor RandomBernoulli(Shape shape, DType dtype, double p, double value, ulong seed, Device device);

    // ---- elementwise ----

    /// <summary>Elementwise unary op; the result has the input's dtype.</summary>
    Tensor Unary(UnaryOp op, Tensor x);

    /// <summary>Elementwise binary op with broadcasting to <paramref name="outShape"/>; a and b share one dtype.</summary>
    Tensor Binary(BinaryOp op, Tensor a, Tensor b, Shape outShape);

    /// <summary>Elementwise comparison with broadcasting; the result is bool.</summary>
    Tensor Compare(CompareOp op, Tensor a, Tensor b, Shape outShape);

    /// <summary>cond ? a : b with broadcasting; cond is bool, a and b share one dtype.</summary>
    Tensor Where(Tensor cond, Tensor a, Tensor b, Shape outShape);

    /// <summary>Converts elements to <paramref name="dtype"/> (floats to integers truncate toward zero; to bool: non-zero).</summary>
    Tensor Cast(Tensor x, DType dtype);

    // ---- reductions ----

    /// <summary>Reduces over <paramref name="axes"/> (sorted, distinct). Sum of bool gives int64.</summary>
    Tensor Reduce(ReduceOp op, Tensor x, int[] axes, bool keepDims, Shape outShape);

    /// <summary>Index of the max/min along <paramref name="axis"/> as int64; ties take the first.</summary>
    Tensor ArgReduce(ArgReduceOp op, Tensor x, int axis, bool keepDims, Shape outShape);

    /// <summary>Inclusive cumulative sum along <paramref name="axis"/>; from the end when <paramref name="reverse"/>.</summary>
    Tensor CumSum(Tensor x, int axis, bool reverse);

    /// <summary>The k largest (or smallest) entries along the last axis, sorted, with their int64 indices.</summary>
    (Tensor Values, Tensor Indices) TopK(Tensor x, int k, bool largest);

    /// <summary>Softmax along <paramref name="axis"/> (floating types).</summary>
    Tensor Softmax(Tensor x, int axis);

    /// <summary>Log-softmax along <paramref name="axis"/> (floating types).</summary>
    Tensor LogSoftmax(Tensor x, int axis);

    // ---- linear algebra ----

    /// <summary>
    /// Batched matrix product of a [..., M, K] (or [..., K, M] when transposed) and b [..., K, N]
    /// (or [..., N, K]); batch dimensions broadcast to those of <paramref name="outShape"/> [..., M, N].
    /// Both inputs have rank at least 2 and one floating dtype.
    /// </summary>
    Tensor MatMul(Tensor a, Tensor b, bool transposeA, bool transposeB, Shape outShape);

    // ---- layout ----

    /// <summary>The same elements with a new shape of equal size (may share storage).</summary>
    Tensor Reshape(Tensor x, Shape shape);

    /// <summary>Permutes the axes: output axis i is input axis perm[i].</summary>
    Tensor Permute(Tensor x, int[] perm, Shape outShape);

    /// <summary>Repeats size-1 (or missing leading) dimensions up to <paramref name="outShape"/>.</summary>
    Tensor BroadcastTo(Tensor x, Shape outShape);

    /// <summary>Strided slice: output index i on axis d reads input index starts[d] + i * steps[d] (steps may be negative).</summary>
    Tensor Slice(Tensor x, int[] starts, int[] steps, Shape outShape);

    /// <summary>Joins tensors of one dtype along <paramref name="axis"/>.</summary>
    Tensor Concat(IReadOnlyList<Tensor> xs, int axis, Shape outShape);

    /// <summary>Constant padding; pads is flat [before0, after0, before1, after1, ...], all non-negative.</summary>
    Tensor Pad(Tensor x, int[] pads, double value, Shape outShape);

    // ---- indexing ----

    /// <summary>
    /// Takes slices along <paramref name="axis"/> at integer <paramref name="indices"/> (int32 or int64):
    /// the output shape is x.shape[:axis] + indices.shape + x.shape[axis+1:]. Negative indices count from the end;
    /// an index out of range throws <see cref="IndexOutOfRangeException"/>.
    /// </summary>
    Tensor Gather(Tensor x, Tensor indices, int axis, Shape outShape);

    /// <summary>
    /// A copy of <paramref name="target"/> with <paramref name="updates"/> added at <paramref name="indices"/> along
    /// <paramref name="axis"/> (the adjoint of <see cref="Gather"/>); repeated indices accumulate. updates has
    /// Gather's output shape, target.shape[:axis] + indices.shape + target.shape[axis+1:].
    /// </summary>
    Tensor ScatterAdd(Tensor target, Tensor indices, Tensor updates, int axis);

    // ---- convolution and pooling (NCHW) ----

    /// <summary>2-D convolution (cross-correlation) of x [N,C,H,W] with w [O, C/groups, kh, kw].</summary>
    Tensor Conv2d(Tensor x, Tensor w, Conv2dGeometry g, Shape outShape);

    /// <summary>Gradient of <see cref="Conv2d"/> with respect to its input.</summary>
    Tensor Conv2dBackwardInput(Tensor gradOut, Tensor w, Shape inputShape, Conv2dGeometry g);

    /// <summary>Gradient of <see cref="Conv2d"/> with respect to its weight.</summary>
    Tensor Conv2dBackwardWeight(Tensor x, Tensor gradOut, Shape weightShape, Conv2dGeometry g);

    /// <summary>2-D max or average pooling of x [N,C,H,W] (dilation applies to the window; groups is ignored).</summary>
    Tensor Pool2d(PoolOp op, Tensor x, Conv2dGeometry g, Shape outShape);

    /// <summary>Gradient of <see cref="Pool2d"/> with respect to its input (max: to the first maximum of each window).</summary>
    Tensor Pool2dBackward(PoolOp op, Tensor x, Tensor gradOut, Conv2dGeometry g);
}
