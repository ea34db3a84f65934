using static KerasSharp.Backends.Native.Tests.TestUtil;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// Issue 4, item 3: a warm training step of a two-layer MLP (forward, GradientTape gradients, SGD update through
/// Variable.AssignSub, all inside a TensorScope) allocates close to nothing on the managed heap.
/// </summary>
[TestClass]
public class TrainingStepAllocationTests
{
    private const int Batch = 64, Inputs = 784, Hidden = 128, Classes = 10;

    /// <summary>
    /// Per-step bound. What a step still allocates is object headers: about 60 ops each make a Tensor and its
    /// storage object, tape nodes and their backward closures, Shapes and small index arrays — a few hundred bytes
    /// per op. The element buffers are far bigger: activations and their gradients are ~100 KB and the weight
    /// gradient and update of the first layer alone 2 x 401 KB, so about 1.3 MB per step if they came from the heap.
    /// 64 KB leaves room for the headers and fails on any one buffer of the first layer not coming from the pool.
    /// </summary>
    private const long MaxBytesPerStep = 64 * 1024;

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void WarmMlpStepAllocatesAlmostNothing(int threads)
    {
        var old = Backend.Current;
        Backend.Set(B);
        int oldThreads = Config.NumThreads;
        Config.NumThreads = threads;
        try
        {
            using var x = T(RandomFloats(Batch * Inputs, 1), Batch, Inputs);
            var labels = new float[Batch * Classes];
            for (int i = 0; i < Batch; i++) labels[i * Classes + i % Classes] = 1;
            using var y = T(labels, Batch, Classes);
            var w1 = new Variable(T(Scaled(RandomFloats(Inputs * Hidden, 2), 0.05f), Inputs, Hidden), "w1");
            var b1 = new Variable(T(new float[Hidden], Hidden), "b1");
            var w2 = new Variable(T(Scaled(RandomFloats(Hidden * Classes, 3), 0.1f), Hidden, Classes), "w2");
            var b2 = new Variable(T(new float[Classes], Classes), "b2");
            Variable[] vars = [w1, b1, w2, b2];

            float first = 0, last = 0;
            for (int i = 0; i < 5; i++) first = Step(x, y, vars);
            long missesBefore = NativeBufferPool.Misses;
            long before = GC.GetAllocatedBytesForCurrentThread();
            const int steps = 20;
            for (int i = 0; i < steps; i++) last = Step(x, y, vars);
            long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
            long misses = NativeBufferPool.Misses - missesBefore;

            Console.WriteLine($"threads={threads}: {perStep} bytes allocated per warm step, {misses} pool misses in {steps} steps");
            Assert.IsTrue(last < first, $"the loss did not go down ({first} -> {last}): the step is not training");
            // 0 in practice; a few are tolerated in case a full GC under memory pressure trims the pool mid-run
            Assert.IsLessThanOrEqualTo(4, misses, "warm steps keep allocating element buffers instead of reusing pooled ones");
            Assert.IsTrue(perStep < MaxBytesPerStep, $"{perStep} bytes per warm step (bound {MaxBytesPerStep})");
            foreach (var v in vars) v.Dispose();
        }
        finally
        {
            Config.NumThreads = oldThreads;
            Backend.Set(old);
        }
    }

    private static float[] Scaled(float[] v, float s)
    {
        for (int i = 0; i < v.Length; i++) v[i] *= s;
        return v;
    }

    private static float Step(Tensor x, Tensor y, Variable[] vars)
    {
        using var scope = new TensorScope();
        Tensor?[] grads;
        float loss;
        using (var tape = new GradientTape())
        {
            var h = Ops.Relu(Ops.Linear(x, vars[0], vars[1]));
            var logits = Ops.Linear(h, vars[2], vars[3]);
            var l = Ops.Negative(Ops.Mean(Ops.Sum(Ops.Multiply(y, Ops.LogSoftmax(logits, -1)), -1)));
            loss = l.Item<float>();
            grads = tape.Gradient(l, vars);
        }
        for (int i = 0; i < vars.Length; i++) vars[i].AssignSub(Ops.MultiplyScalar(grads[i]!, 0.1));
        return loss;
    }
}
