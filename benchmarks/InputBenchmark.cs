using System.Diagnostics;
using System.Globalization;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace KerasSharp.Benchmarks;

/// <summary>
/// The <c>input</c> subcommand. (1) A folder of JPEGs decoded and resized to 128x128 through
/// <c>Utils.ImageDatasetFromDirectory</c> (Map on all cores, order kept) against a plain sequential ImageSharp loop
/// (Image.Load, Resize, copy to floats), in images/s, interleaved rounds; and against the same pipeline with one decoding
/// worker (equal work per image: the parallel scaling alone). (2) One epoch of the QuickStart MLP through
/// <c>Fit</c> from a <c>Dataset</c> (FromTensorSlices, Shuffle over the whole set, Batch 64, Prefetch 2) against
/// <c>Fit</c> from tensors, native backend, in samples/s. Kernel threads: KS_BENCH_THREADS (default 1).
/// </summary>
internal static class InputBenchmark
{
    private const int Side = 128;

    public static void Run(BenchmarkOptions options)
    {
        int threads = BenchmarkOptions.ThreadsFromEnvironment() ?? 1;
        Config.NumThreads = threads;
        Console.WriteLine($"# input: kernel threads={threads}, cores={Environment.ProcessorCount}");
        Images(options);
        FitFromDataset(options);
    }

    private static void Images(BenchmarkOptions options)
    {
        int count = options.Quick ? 40 : 240;
        var folder = Path.Combine(Path.GetTempPath(), $"ks-bench-jpegs-{Guid.NewGuid():N}");
        try
        {
            var rng = new Random(1);
            for (int c = 0; c < 2; c++)
            {
                Directory.CreateDirectory(Path.Combine(folder, $"class{c}"));
                for (int i = 0; i < count / 2; i++)
                {
                    // 480x360 photo-sized images with gradients and noise, so the JPEG decoder has real work.
                    using var image = new Image<Rgb24>(480, 360);
                    int phase = rng.Next(256);
                    image.ProcessPixelRows(rows =>
                    {
                        for (int y = 0; y < rows.Height; y++)
                        {
                            var row = rows.GetRowSpan(y);
                            for (int x = 0; x < row.Length; x++)
                                row[x] = new Rgb24((byte)(x + phase), (byte)(y * 2 + rng.Next(16)), (byte)((x ^ y) + c * 90));
                        }
                    });
                    image.SaveAsJpeg(Path.Combine(folder, $"class{c}", $"{i:D4}.jpg"));
                }
            }
            var files = Directory.GetFiles(folder, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            double checksumLoop = 0, checksumPipeline = 0;
            void Loop()
            {
                double sum = 0;
                var pixels = new float[Side * Side * 3];
                foreach (var f in files)
                {
                    using var image = Image.Load<Rgb24>(f);
                    image.Mutate(m => m.Resize(Side, Side));
                    image.ProcessPixelRows(rows =>
                    {
                        for (int y = 0; y < rows.Height; y++)
                        {
                            var row = rows.GetRowSpan(y);
                            for (int x = 0; x < row.Length; x++)
                            {
                                int at = (y * Side + x) * 3;
                                pixels[at] = row[x].R; pixels[at + 1] = row[x].G; pixels[at + 2] = row[x].B;
                            }
                        }
                    });
                    sum += pixels[0];
                }
                checksumLoop = sum;
            }
            var pipeline = Utils.ImageDatasetFromDirectory(folder, imageSize: (Side, Side), batchSize: 32, shuffle: false);
            // the same pipeline with one decoding worker: what the parallel Map adds, the work per image being equal
            var oneWorker = Utils.ImageDatasetFromDirectory(folder, imageSize: (Side, Side), batchSize: 32, shuffle: false, numParallelCalls: 1);
            void Pipeline() => checksumPipeline = Drain(pipeline);
            double Drain(Dataset folderImages)
            {
                double sum = 0;
                foreach (var batch in folderImages.AsEnumerable())
                {
                    // The first pixel of each image, as the loop reads it: a slice of the batch, not a copy of all of it.
                    var images = batch[0];
                    using var first = Ops.SliceAxis(Ops.Reshape(images, images.Shape[0], Side * Side * 3), 1, 0, 1);
                    foreach (var v in first.ToArray<float>()) sum += v;
                    foreach (var t in batch) t.Dispose();
                }
                return sum;
            }
            var (seconds, ratios) = Timing.Interleaved([Loop, Pipeline, () => Drain(oneWorker)], reference: 0, options);
            Console.WriteLine($"# check first-pixel sums: loop={checksumLoop:F0} pipeline={checksumPipeline:F0} (resamplers differ slightly)");
            Console.WriteLine($"input images={files.Length} {Side}x{Side} sequential-imagesharp={F0(files.Length / seconds[0])} images/s " +
                              $"ImageDatasetFromDirectory={F0(files.Length / seconds[1])} images/s ratio={F2(ratios[1])} " +
                              $"one-worker={F0(files.Length / seconds[2])} images/s parallel/one-worker={F2(seconds[2] / seconds[1])}");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static void FitFromDataset(BenchmarkOptions options)
    {
        Backend.Set("native");
        using var problem = new TrainMlpProblem(options.Quick ? TrainMlpBenchmark.QuickSamples : null);
        var x = problem.X;
        var y = problem.Y;
        // Warm-up of both paths (JIT, pools) on throw-away models.
        Model(1).Fit(x, y, batchSize: TrainMlpProblem.Batch, epochs: 1, verbose: 0, stepsPerEpoch: 300);
        Model(1).Fit(Dataset.FromTensorSlices(x, y).Shuffle(problem.Count, seed: 1).Batch(TrainMlpProblem.Batch).Prefetch(2), epochs: 1, verbose: 0, stepsPerEpoch: 300);
        double lossTensors = 0, lossDataset = 0;
        void FromTensors() => lossTensors = Model(42).Fit(x, y, batchSize: TrainMlpProblem.Batch, epochs: 1, verbose: 0)["loss"][^1];
        void FromDataset() => lossDataset = Model(42).Fit(
            Dataset.FromTensorSlices(x, y).Shuffle(problem.Count, seed: 3).Batch(TrainMlpProblem.Batch).Prefetch(2), epochs: 1, verbose: 0)["loss"][^1];
        void FromDatasetNoPrefetch() => Model(42).Fit(
            Dataset.FromTensorSlices(x, y).Shuffle(problem.Count, seed: 3).Batch(TrainMlpProblem.Batch), epochs: 1, verbose: 0);
        var (seconds, ratios) = Timing.Interleaved([FromTensors, FromDataset, FromDatasetNoPrefetch], reference: 0, options);
        Console.WriteLine($"# check epoch loss tensors={lossTensors:F4} dataset={lossDataset:F4}");
        Console.WriteLine($"input fit samples={problem.Count} batch={TrainMlpProblem.Batch} from-tensors={F0(problem.Count / seconds[0])} samples/s " +
                          $"from-dataset={F0(problem.Count / seconds[1])} samples/s ratio={F2(ratios[1])} " +
                          $"without-prefetch={F0(problem.Count / seconds[2])} samples/s ratio={F2(ratios[2])}");
    }

    private static Sequential Model(long seed)
    {
        Config.SetSeed(seed);
        var model = new Sequential(
        [
            new Input(shape: [28, 28]),
            new Flatten(),
            new Dense(TrainMlpProblem.Hidden, activation: "relu"),
            new Dropout(TrainMlpProblem.DropoutRate),
            new Dense(TrainMlpProblem.Classes, activation: "softmax"),
        ]);
        model.Compile(optimizer: new Optimizers.Adam(learningRate: TrainMlpProblem.LearningRate, epsilon: TrainMlpProblem.Epsilon),
                      loss: "sparse_categorical_crossentropy");
        return model;
    }

    private static string F0(double v) => v.ToString("F0", CultureInfo.InvariantCulture);
    private static string F2(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
