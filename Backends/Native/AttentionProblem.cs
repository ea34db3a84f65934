using System.Numerics;
using System.Numerics.Tensors;

namespace KerasSharp.Backends.Native;

/// <summary>
/// One fused attention call as the native kernels see it: q [n, sq, d], k [n, sk, d], v [n, sk, dv] as flat arrays, the
/// optional mask [mn, mq, mk] (each 1 or full), scale, causal flag and dropout. It computes tiles of the scaled, masked
/// score matrix, so the forward and backward passes mask exactly alike.
/// </summary>
internal sealed class AttentionProblem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Query rows per block: with <see cref="KeyBlock"/> keys, a float32 score tile of 32 KiB.</summary>
    public const int QueryBlock = 64;

    /// <summary>Keys per block: the online softmax folds in one block of keys at a time.</summary>
    public const int KeyBlock = 128;

    private readonly bool[]? _boolMask;
    private readonly T[]? _floatMask;
    private readonly int _mn, _mq, _mk;
    private readonly ulong _dropoutKey;
    private readonly float _keepLimit;

    public AttentionProblem(Tensor q, Tensor k, Tensor v, Tensor? mask, AttentionOptions options)
    {
        Q = NativeTensors.Data<T>(q);
        K = NativeTensors.Data<T>(k);
        V = NativeTensors.Data<T>(v);
        N = q.Shape[0];
        Sq = q.Shape[1];
        D = q.Shape[2];
        Sk = k.Shape[1];
        Dv = v.Shape[2];
        Scale = T.CreateTruncating(options.Scale);
        Causal = options.Causal;
        if (mask is not null)
        {
            if (mask.DType == DType.Bool) _boolMask = NativeTensors.Data<bool>(mask);
            else _floatMask = NativeTensors.Data<T>(mask);
            (_mn, _mq, _mk) = (mask.Shape[0], mask.Shape[1], mask.Shape[2]);
        }
        Dropout = options.Dropout > 0;
        if (Dropout)
        {
            double keep = 1 - options.Dropout;
            _dropoutKey = CounterRandom.BernoulliKey(options.Seed);
            _keepLimit = (float)keep;
            KeepScale = T.CreateTruncating(1 / keep);
        }
    }

    public T[] Q { get; }
    public T[] K { get; }
    public T[] V { get; }
    public int N { get; }
    public int Sq { get; }
    public int Sk { get; }
    public int D { get; }
    public int Dv { get; }
    public T Scale { get; }
    public bool Causal { get; }
    public bool Dropout { get; }

    /// <summary>1 / keep probability: what a kept weight is multiplied by.</summary>
    public T KeepScale { get; }

    public int QueryBlocks => (Sq + QueryBlock - 1) / QueryBlock;

    /// <summary>How many keys query rows up to <paramref name="lastRow"/> can see (causal: none past the diagonal).</summary>
    public int KeyEnd(int lastRow) => Causal ? Math.Min(Sk, lastRow + 1) : Sk;

    /// <summary>
    /// s[r, c] = scale · q[n, i0 + r] · k[n, j0 + c] + mask, -inf where the mask or causality excludes the key, for a
    /// rows x cols tile stored row-major with leading dimension cols.
    /// </summary>
    public void Scores(int n, int i0, int rows, int j0, int cols, T[] s)
    {
        Gemm.Run(rows, cols, D, Q, (n * Sq + i0) * D, D, 1, K, (n * Sk + j0) * D, 1, D, s, 0, cols, false);
        var minusInf = T.NegativeInfinity;
        for (int r = 0; r < rows; r++)
        {
            var row = new Span<T>(s, r * cols, cols);
            int i = i0 + r;
            TensorPrimitives.Multiply(row, Scale, row);
            int maskRow = (_mn == 1 ? 0 : n) * _mq * _mk + (_mq == 1 ? 0 : i) * _mk;
            if (_floatMask is not null)
            {
                if (_mk == 1) TensorPrimitives.Add(row, _floatMask[maskRow], row);
                else TensorPrimitives.Add(row, new ReadOnlySpan<T>(_floatMask, maskRow + j0, cols), row);
            }
            else if (_boolMask is not null)
            {
                if (_mk == 1) { if (!_boolMask[maskRow]) row.Fill(minusInf); }
                else
                {
                    var allowed = new ReadOnlySpan<bool>(_boolMask, maskRow + j0, cols);
                    for (int c = 0; c < cols; c++) if (!allowed[c]) row[c] = minusInf;
                }
            }
            if (Causal && i + 1 - j0 < cols) row[Math.Max(0, i + 1 - j0)..].Fill(minusInf);
        }
    }

    /// <summary>Applies the dropout to a tile of weights: kept ones times 1/keep, dropped ones 0 (the composed op's mask, element by element).</summary>
    public void Drop(int n, int i0, int rows, int j0, int cols, ReadOnlySpan<T> weights, Span<T> dropped)
    {
        for (int r = 0; r < rows; r++)
        {
            int index = (n * Sq + i0 + r) * Sk + j0;
            for (int c = 0; c < cols; c++)
                dropped[r * cols + c] = CounterRandom.BernoulliHit(_dropoutKey, index + c, _keepLimit) ? weights[r * cols + c] * KeepScale : T.Zero;
        }
    }
}
