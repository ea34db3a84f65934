using KerasSharp.Backends;

namespace KerasSharp;

/// <summary>
/// One validated call of <see cref="Ops.ScaledDotProductAttention"/>: the inputs, the broadcast batch and head axes,
/// the sizes, and the options. All of the op's argument checks live in <see cref="Check"/>.
/// </summary>
internal sealed class AttentionCall
{
    public const string Op = "scaled_dot_product_attention";

    private AttentionCall(Tensor query, Tensor key, Tensor value, Tensor? mask, Shape lead, AttentionOptions options)
    {
        Query = query;
        Key = key;
        Value = value;
        Mask = mask;
        Lead = lead;
        Options = options;
    }

    public Tensor Query { get; }
    public Tensor Key { get; }
    public Tensor Value { get; }

    /// <summary>The mask as given (bool), or cast to the query's dtype (float); null without one.</summary>
    public Tensor? Mask { get; }

    /// <summary>The batch and head axes of query, key and value broadcast together.</summary>
    public Shape Lead { get; }

    public AttentionOptions Options { get; }

    public int SeqQ => Query.Shape[-2];
    public int SeqK => Key.Shape[-2];
    public int DepthV => Value.Shape[-1];
    public DType DType => Query.DType;

    /// <summary>[lead..., seqQ, depthV].</summary>
    public int[] OutputShape => [.. Lead.Dims, SeqQ, DepthV];

    /// <summary>[lead..., seqQ, seqK].</summary>
    public int[] WeightsShape => [.. Lead.Dims, SeqQ, SeqK];

    /// <summary>Nothing to compute: an empty output, or no keys at all (every row fully masked, so zeros).</summary>
    public bool Trivial => Lead.Size == 0 || SeqQ == 0 || DepthV == 0 || SeqK == 0;

    public static AttentionCall Check(Tensor query, Tensor key, Tensor value, Tensor? mask, bool causal, double dropout, double? scale, long? seed,
                                      Func<long?, ulong> subSeed)
    {
        const string op = Op;
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        RequireInput(query, "query");
        RequireInput(key, "key");
        RequireInput(value, "value");
        if (key.DType != query.DType || value.DType != query.DType)
            throw new ArgumentException($"{op}: query, key and value must share one dtype, got {query.DType.Name()}, {key.DType.Name()} and {value.DType.Name()}.");
        Ops.BackendOf(op, query, key);
        Ops.BackendOf(op, query, value);
        if (query.Shape[-1] != key.Shape[-1])
            throw new ArgumentException($"{op}: query {query.Shape} and key {key.Shape} have different depths (last axis): {query.Shape[-1]} and {key.Shape[-1]}.");
        if (key.Shape[-2] != value.Shape[-2])
            throw new ArgumentException($"{op}: key {key.Shape} and value {value.Shape} have different sequence lengths (axis -2): {key.Shape[-2]} and {value.Shape[-2]}.");
        var lead = Broadcast(Broadcast(LeadOf(query), LeadOf(key)), LeadOf(value))
            ?? throw new ArgumentException($"{op}: the batch and head axes (all but the last two) of query {query.Shape}, key {key.Shape} and value {value.Shape} do not broadcast together.");

        if (mask is not null)
        {
            if (mask.DType != DType.Bool && !mask.DType.IsFloating())
                throw new ArgumentException($"{op}: mask has dtype {mask.DType.Name()} (shape {mask.Shape}); it must be bool (true: attend) or float (added to the scores).");
            Ops.BackendOf(op, query, mask);
            var weights = new Shape([.. lead.Dims, query.Shape[-2], key.Shape[-2]]);
            if (mask.Rank > weights.Rank || Broadcast(mask.Shape, weights) != weights)
                throw new ArgumentException($"{op}: mask {mask.Shape} does not broadcast to the attention weights [batch..., seqQ, seqK] = {weights}.");
            if (mask.DType != DType.Bool && mask.DType != query.DType) mask = Ops.Cast(mask, query.DType);
        }
        if (!(dropout >= 0 && dropout < 1))
            throw new ArgumentException($"{op}: dropout must be in [0, 1), got {dropout}.");
        if (scale is double s && !double.IsFinite(s))
            throw new ArgumentException($"{op}: scale must be finite, got {s}.");
        int depth = query.Shape[-1];
        double factor = scale ?? (depth > 0 ? 1 / Math.Sqrt(depth) : 1);
        // Only a call with dropout draws from the global generator, so adding attention leaves other random ops' seeds alone.
        ulong dropoutSeed = dropout > 0 ? subSeed(seed) : 0;
        return new AttentionCall(query, key, value, mask, lead, new AttentionOptions(factor, causal, dropout, dropoutSeed));
    }

    private static void RequireInput(Tensor x, string name)
    {
        if (!x.DType.IsFloating())
            throw new ArgumentException($"{Op}: {name} has dtype {x.DType.Name()} (shape {x.Shape}); attention needs float32 or float64 query, key and value.");
        if (x.Rank < 2)
            throw new ArgumentException($"{Op}: {name} has shape {x.Shape}; it needs at least two axes, [..., sequence, depth].");
    }

    private static Shape LeadOf(Tensor x) => new(x.Shape.Dims[..^2]);

    /// <summary>NumPy broadcasting of two shapes, or null when they do not broadcast.</summary>
    private static Shape? Broadcast(Shape? a, Shape b)
    {
        if (a is null) return null;
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Rank ? 1 : a[i - (rank - a.Rank)];
            int db = i < rank - b.Rank ? 1 : b[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1) return null;
            dims[i] = da == 1 ? db : da;
        }
        return new Shape(dims);
    }
}
