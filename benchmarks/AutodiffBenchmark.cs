using System.Globalization;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>autodiff</c> subcommand: one SGD training step of a 784-128-10 MLP, batch 64, three ways in one
/// process: our tape on the native backend, our tape over libtorch kernels (the torch backend), and libtorch's
/// own autograd through raw TorchSharp. Records issue 3's choice between our tape and libtorch autograd.
/// </summary>
internal static class AutodiffBenchmark
{
    public static void Run(BenchmarkOptions options)
    {
        using var problem = new MlpProblem();
        using var native = new TapeTrainingStep(problem, t => t.To(t.Backend, t.Device));
        using var torchTape = new TapeTrainingStep(problem, TorchReference.Copy);
        using var torchAutograd = new TorchAutogradTrainingStep(problem);

        // Same start, same maths: the first step's losses must agree (to float32 rounding).
        float lossNative, lossTape, lossAutograd;
        using (var l = native.Step()) lossNative = l.Item<float>();
        using (var l = torchTape.Step()) lossTape = l.Item<float>();
        using (var l = torchAutograd.Step()) lossAutograd = l.item<float>();
        Console.WriteLine($"# check autodiff first-step loss native={F4(lossNative)} torch-tape={F4(lossTape)} torch-autograd={F4(lossAutograd)}");

        foreach (int threads in BenchmarkOptions.ThreadCounts)
        {
            TorchReference.SetThreads(threads);
            double nativeUs = Microseconds(() => native.Step().Dispose(), options);
            double tapeUs = Microseconds(() => torchTape.Step().Dispose(), options);
            double autogradUs = Microseconds(() => torchAutograd.Step().Dispose(), options);
            string label = $"autodiff mlp-step batch={MlpProblem.Batch} threads={threads}";
            Console.WriteLine($"{label} native={F1(nativeUs)} us torch-tape={F1(tapeUs)} us torch-autograd={F1(autogradUs)} us " +
                              $"tape-vs-autograd={(autogradUs / tapeUs).ToString("F2", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"{label} samples/s native={Rate(nativeUs)} torch-tape={Rate(tapeUs)} torch-autograd={Rate(autogradUs)}");
        }
    }

    private static double Microseconds(Action step, BenchmarkOptions options) => Timing.MedianSecondsPerCall(step, options) * 1e6;

    private static string Rate(double microsecondsPerStep) =>
        (MlpProblem.Batch / (microsecondsPerStep * 1e-6)).ToString("F0", CultureInfo.InvariantCulture);

    private static string F1(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string F4(float value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
