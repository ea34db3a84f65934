using System.Globalization;
using KerasSharp.Models;
using KerasSharp.ModelZoo;
using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>bert</c> subcommand: BERT-base (12 layers, 768 wide, 12 heads) forward at batch 1 and 8 with 128 tokens, and
/// one fine-tuning step at batch 8 (a sentence classifier, SGD), on the native backend and on KerasSharp-on-torch,
/// against the same computation written directly with TorchSharp's functional ops (linear, scaled_dot_product_attention,
/// layer_norm, gelu) on the same weights, in one process, timed in interleaved rounds (<see cref="Timing.Interleaved"/>).
/// Prints sequences/s (medians) and the ratio to raw TorchSharp (the median of the rounds' ratios).
/// </summary>
internal static class BertBenchmark
{
    private const int Tokens = 128;

    public static void Run(BenchmarkOptions options)
    {
        int threads = BenchmarkOptions.ThreadsFromEnvironment() ?? BenchmarkOptions.ThreadCounts.Max();
        TorchReference.SetThreads(threads);
        var config = new BertConfig();   // bert-base
        Console.WriteLine($"# bert: BERT-base, {Tokens} tokens, threads={threads}, sequences/s; ratio = ours / raw TorchSharp (higher is better)");
        Backend.Set("native");
        Config.SetSeed(7);
        var native = new BertModel(config);
        Backend.Set("torch");
        var onTorch = new BertModel(config);
        onTorch.LoadStateDict(native.StateDict());
        Backend.Set("native");
        var raw = RawBert.From(native);

        foreach (int batch in new[] { 1, 8 })
        {
            using var ids = Ops.Cast(Ops.RandomUniform([batch, Tokens], 1000, 29000, seed: batch), DType.Int64);
            using var mask = Ops.OnesLike(ids);
            using var types = Ops.ZerosLike(ids);
            using var idsT = TorchReference.Copy(ids);
            using var maskT = TorchReference.Copy(mask);
            using var typesT = TorchReference.Copy(types);
            var idsRaw = TorchReference.Raw(idsT);
            var (seconds, ratios) = Timing.Interleaved(
            [
                () => Dispose(native.PredictAll([ids, mask, types], verbose: 0)),
                // Ops that create tensors (dropout masks) use the current backend (issue 17): run torch's model under it.
                () => OnTorch(() => Dispose(onTorch.PredictAll([idsT, maskT, typesT], verbose: 0))),
                () =>
                {
                    using var scope = torch.NewDisposeScope();
                    using var noGrad = torch.no_grad();
                    raw.Forward(idsRaw);
                },
            ], reference: 2, options);
            double n = batch / seconds[0], t = batch / seconds[1], r = batch / seconds[2];
            Check(native.PredictAll([ids, mask, types], verbose: 0)[0], raw, idsRaw);
            Console.WriteLine($"bert forward batch={batch} native={F(n)} torch={F(t)} raw-torchsharp={F(r)} sequences/s native/raw={R(ratios[0])} torch/raw={R(ratios[1])}");
        }

        const int trainBatch = 8;
        var nativeTask = Bert.ForSequenceClassification(native, 2);
        // New weights go to the current backend (issue 17 makes them follow their inputs): build the torch head there.
        Backend.Set("torch");
        var torchTask = Bert.ForSequenceClassification(onTorch, 2);
        Backend.Set("native");
        torchTask.GetLayer("classifier").Weights[0].Assign(TorchReference.Copy(nativeTask.GetLayer("classifier").Weights[0]));
        foreach (var m in new[] { nativeTask, torchTask })
            m.Compile(new Optimizers.SGD(learningRate: 1e-3), new Losses.SparseCategoricalCrossentropy(fromLogits: true));
        using var tids = Ops.Cast(Ops.RandomUniform([trainBatch, Tokens], 1000, 29000, seed: 3), DType.Int64);
        using var tmask = Ops.OnesLike(tids);
        using var ttypes = Ops.ZerosLike(tids);
        using var labels = Tensor.FromArray(Enumerable.Range(0, trainBatch).Select(i => (long)(i % 2)).ToArray());
        using var tidsT = TorchReference.Copy(tids);
        using var tmaskT = TorchReference.Copy(tmask);
        using var ttypesT = TorchReference.Copy(ttypes);
        using var labelsT = TorchReference.Copy(labels);
        var rawTrain = RawBert.From(native, requiresGrad: true);
        var head = new TorchSharp.Modules.Parameter(torch.randn(2, config.HiddenSize));
        var sgd = torch.optim.SGD([.. rawTrain.Parameters, head], 1e-3);
        var idsRawTrain = TorchReference.Raw(tidsT);
        var labelsRaw = TorchReference.Raw(labelsT);
        var (stepSeconds, stepRatios) = Timing.Interleaved(
        [
            () => nativeTask.TrainOnBatch([tids, tmask, ttypes], [labels]),
            () => OnTorch(() => torchTask.TrainOnBatch([tidsT, tmaskT, ttypesT], [labelsT])),
            () =>
            {
                using var scope = torch.NewDisposeScope();
                sgd.zero_grad();
                var (_, pooled) = rawTrain.Forward(idsRawTrain, dropout: config.HiddenDropoutProb);
                var loss = torch.nn.functional.cross_entropy(torch.nn.functional.linear(pooled, head), labelsRaw);
                loss.backward();
                sgd.step();
            },
        ], reference: 2, options);
        double nStep = trainBatch / stepSeconds[0], tStep = trainBatch / stepSeconds[1], rStep = trainBatch / stepSeconds[2];
        Console.WriteLine($"bert train-step batch={trainBatch} native={F(nStep)} torch={F(tStep)} raw-torchsharp={F(rStep)} sequences/s native/raw={R(stepRatios[0])} torch/raw={R(stepRatios[1])}");
    }

    private static void Dispose(Tensor[] ts) { foreach (var t in ts) t.Dispose(); }

    private static void Check(Tensor ours, RawBert raw, TT ids)
    {
        using var noGrad = torch.no_grad();
        var theirs = raw.Forward(ids).Hidden.data<float>().ToArray();
        var mine = ours.ToArray<float>();
        double worst = 0;
        for (int i = 0; i < mine.Length; i++) worst = Math.Max(worst, Math.Abs(mine[i] - theirs[i]));
        Console.WriteLine($"# check: largest hidden-state difference {worst:G3}{(worst > 1e-3 ? " (MISMATCH)" : "")}");
    }

    private static void OnTorch(Action call)
    {
        Backend.Set("torch");
        try { call(); }
        finally { Backend.Set("native"); }
    }

    private static string F(double v) => v.ToString(v < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);

    private static string R(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>BERT written directly with TorchSharp's functional ops, holding the weights as torch tensors.</summary>
    internal sealed class RawBert
    {
        private readonly Dictionary<string, TT> _w = [];
        private readonly BertConfig _config;

        private RawBert(BertConfig config) => _config = config;

        public IEnumerable<TorchSharp.Modules.Parameter> Parameters => _w.Values.OfType<TorchSharp.Modules.Parameter>();

        public static RawBert From(BertModel model, bool requiresGrad = false)
        {
            var raw = new RawBert(model.Config);
            foreach (var (key, value) in model.StateDict())
            {
                var t = TorchReference.Raw(TorchReference.Copy(value)).detach().clone();
                // Dense kernels are [in, out]; torch's linear takes [out, in].
                if (key.EndsWith("/kernel", StringComparison.Ordinal)) t = t.t().contiguous();
                raw._w[key] = requiresGrad ? new TorchSharp.Modules.Parameter(t) : t;
            }
            return raw;
        }

        public (TT Hidden, TT Pooled) Forward(TT ids, double dropout = 0)
        {
            var c = _config;
            long batch = ids.shape[0], length = ids.shape[1];
            var positions = torch.arange(length);
            var h = _w["embeddings/word_embeddings/embeddings"].index_select(0, ids.flatten()).view(batch, length, -1)
                    + _w["embeddings/position_embeddings/embeddings"].index_select(0, positions)
                    + _w["embeddings/token_type_embeddings/embeddings"][0];
            h = Norm(h, "embeddings/layer_norm");
            for (int i = 0; i < c.NumHiddenLayers; i++)
            {
                string p = $"encoder.layer.{i}";
                TT Heads(TT x) => x.view(batch, length, c.NumAttentionHeads, c.HeadSize).transpose(1, 2);
                var context = torch.nn.functional.scaled_dot_product_attention(Heads(Linear(h, $"{p}/query")), Heads(Linear(h, $"{p}/key")),
                                                                              Heads(Linear(h, $"{p}/value")), null, dropout);
                var merged = context.transpose(1, 2).reshape(batch, length, c.HiddenSize);
                var attended = Norm(Drop(Linear(merged, $"{p}/attention_output"), dropout) + h, $"{p}/attention_norm");
                var inner = torch.nn.functional.gelu(Linear(attended, $"{p}/intermediate"));
                h = Norm(Drop(Linear(inner, $"{p}/output"), dropout) + attended, $"{p}/output_norm");
            }
            var pooled = torch.tanh(Linear(h.select(1, 0), "pooler/dense"));
            return (h, pooled);
        }

        private TT Linear(TT x, string layer) => torch.nn.functional.linear(x, _w[$"{layer}/kernel"], _w[$"{layer}/bias"]);

        private TT Norm(TT x, string layer) =>
            torch.nn.functional.layer_norm(x, [_config.HiddenSize], _w[$"{layer}/gamma"], _w[$"{layer}/beta"], _config.LayerNormEps);

        private static TT Drop(TT x, double p) => p > 0 ? torch.nn.functional.dropout(x, p, training: true) : x;
    }
}
