using KerasSharp.Layers;
using KerasSharp.Models.Tests.Saving.Formats;
using KerasSharp.Saving;

namespace KerasSharp.Models.Tests.Saving;

/// <summary>A registered custom layer: y = x * factor + a learned offset.</summary>
[KerasSerializable("tests")]
public sealed class ScaleShift(double factor, string? name = null) : Layer(name)
{
    private Variable? _offset;

    public double Factor { get; } = factor;

    public override void Build(int?[] inputShape)
    {
        _offset = AddWeight("offset", [inputShape[^1]!.Value], "ones");
        Built = true;
    }

    public override Tensor Call(Tensor inputs, bool training) => Ops.Add(Ops.MultiplyScalar(inputs, Factor), _offset!);

    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["factor"] = Factor;
        return c;
    }
}

/// <summary>A registered layer whose GetConfig forgets its constructor argument.</summary>
[KerasSerializable("tests")]
public sealed class ForgetsItsArgument(int size, string? name = null) : Layer(name)
{
    public int Size { get; } = size;

    public override Tensor Call(Tensor inputs, bool training) => inputs;

    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
}

/// <summary>The same layer without registration.</summary>
public sealed class Unregistered(string? name = null) : Layer(name)
{
    public override Tensor Call(Tensor inputs, bool training) => inputs;

    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
}

[TestClass]
public sealed class ModelSavingTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(11);
    }

    private static (Tensor X, Tensor Y) Data(int n = 64)
    {
        var x = Ops.RandomUniform([n, 6], -1, 1, seed: 3);
        var y = Ops.Cast(Ops.Greater(Ops.Sum(x, 1), Ops.Zeros([n])), DType.Int64);
        return (x, y);
    }

    private static Sequential Classifier() => new(
    [
        new Input([6]), new Dense(8, activation: "relu"), new BatchNormalization(), new Dropout(0.25), new Dense(2, activation: "softmax"),
    ]);

    private static float[][] Values(Model m) => m.GetWeights().Select(w => w.ToArray<float>()).ToArray();

    private static void AssertSame(float[][] a, float[][] b, string what)
    {
        Assert.HasCount(a.Length, b, what);
        for (int i = 0; i < a.Length; i++) CollectionAssert.AreEqual(a[i], b[i], $"{what}: weight {i}");
    }

    [TestMethod]
    public void SaveLoad_RestoresWeightsOptimizerAndTrainingContinuesIdentically()
    {
        using var dir = new TempFolder();
        var (x, y) = Data();
        var model = Classifier();
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        model.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0);
        var path = dir.File("m.keras");
        model.Save(path);

        var loaded = Model.Load(path);
        Assert.IsInstanceOfType<Sequential>(loaded);
        Assert.AreEqual(model.Optimizer!.Iterations, loaded.Optimizer!.Iterations);
        AssertSame(Values(model), Values(loaded), "weights after load");
        CollectionAssert.AreEqual(model.Predict(x).ToArray<float>(), loaded.Predict(x).ToArray<float>());

        // Both continue from the same state: optimizer slots, dropout and shuffle generators included.
        model.Fit(x, y, batchSize: 16, epochs: 3, initialEpoch: 2, verbose: 0);
        loaded.Fit(x, y, batchSize: 16, epochs: 3, initialEpoch: 2, verbose: 0);
        AssertSame(Values(model), Values(loaded), "weights after one more epoch each");
    }

    [TestMethod]
    public void KerasFile_HasKeras3Layout()
    {
        using var dir = new TempFolder();
        var model = Classifier();
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
        var (x, y) = Data(16);
        model.Fit(x, y, batchSize: 8, verbose: 0);
        var path = dir.File("m.keras");
        model.Save(path);

        using var archive = KerasArchive.Open(path);
        CollectionAssert.AreEqual(new[] { "metadata.json", "config.json", "model.weights.h5" }, archive.Entries.Select(e => e.Name).ToArray());
        var metadata = ConfigJson.ReadObject(archive.ReadText("metadata.json"));
        Assert.AreEqual(Model.KerasFormatVersion, metadata["keras_version"]);
        var config = ConfigJson.ReadObject(archive.ReadText("config.json"));
        Assert.AreEqual("Sequential", config["class_name"]);
        Assert.IsTrue(config.ContainsKey("compile_config"));
        using var h5 = archive.OpenWeights();
        CollectionAssert.AreEqual(new[] { "0", "1" }, h5.ListDatasets("layers/dense/vars").ToArray());
        CollectionAssert.AreEquivalent(new[] { "0", "1", "2", "3" }, h5.ListDatasets("layers/batch_normalization/vars").ToArray());
        Assert.AreEqual(new Shape(6, 8), h5.GetDatasetInfo("layers/dense/vars/0").Shape);
        Assert.AreEqual(new Shape(8, 2), h5.GetDatasetInfo("layers/dense_1/vars/0").Shape);
        Assert.IsTrue(h5.GroupExists("vars"), "the model's own (empty) vars group");
        Assert.IsTrue(h5.DatasetExists("layers/dropout/seed_generator/vars/0"));
        Assert.AreEqual(DType.Int64, h5.GetDatasetInfo("optimizer/vars/0").DType, "the iteration count");
        Assert.AreEqual(2L, h5.ReadTensor("optimizer/vars/0").Item<long>());
        Assert.AreEqual(0.001f, h5.ReadTensor("optimizer/vars/1").Item<float>(), "the learning rate");
        // iteration, learning rate, then momentum and velocity for each of the 6 trainable weights.
        Assert.HasCount(2 + 12, h5.ListDatasets("optimizer/vars"));
    }

    [TestMethod]
    public void FunctionalLayers_AreCountedInKerasDepthOrder()
    {
        // Keras orders a functional model's layers by decreasing depth, ties by the walk from the outputs:
        // b (depth 2), then a and c (depth 1), so b is "dense", a "dense_1", c "dense_2" in the file.
        var x = new Input([4]);
        var a = new Dense(2).Apply(x);
        var b = new Dense(3).Apply(x);
        var c = new Dense(2).Apply(b);
        var model = new Model(inputs: x, outputs: new Add().Apply(a, c));
        using var dir = new TempFolder();
        var path = dir.File("w.weights.h5");
        model.SaveWeights(path);
        using var h5 = H5Reader.Open(path);
        Assert.AreEqual(new Shape(4, 3), h5.GetDatasetInfo("layers/dense/vars/0").Shape);
        Assert.AreEqual(new Shape(4, 2), h5.GetDatasetInfo("layers/dense_1/vars/0").Shape);
        Assert.AreEqual(new Shape(3, 2), h5.GetDatasetInfo("layers/dense_2/vars/0").Shape);
        Assert.IsTrue(h5.GroupExists("layers/input_layer/vars"));
        Assert.IsTrue(h5.GroupExists("layers/add/vars"));
    }

    [TestMethod]
    public void WeightsFiles_RoundTripInBothFormats()
    {
        using var dir = new TempFolder();
        var model = Classifier();
        foreach (var file in new[] { "w.weights.h5", "w.safetensors" })
        {
            var path = dir.File(file);
            model.SaveWeights(path);
            var other = Classifier();
            other.LoadWeights(path);
            AssertSame(Values(model), Values(other), file);
        }
        using var st = SafeTensors.Open(dir.File("w.safetensors"));
        CollectionAssert.AreEqual(model.StateDict().Keys.ToArray(), st.Entries.Select(e => e.Name).ToArray());
        Assert.AreEqual("kerassharp", st.Metadata["format"]);
    }

    [TestMethod]
    public void LoadWeights_IntoAnotherArchitecture_FailsListingAndChangesNothing()
    {
        using var dir = new TempFolder();
        var path = dir.File("w.weights.h5");
        Classifier().SaveWeights(path);
        var other = new Sequential([new Input([6]), new Dense(5), new Dense(2)]);
        var before = Values(other);
        var e = Assert.ThrowsExactly<ArgumentException>(() => other.LoadWeights(path));
        StringAssert.Contains(e.Message, "layers/dense");
        StringAssert.Contains(e.Message, "nothing was loaded");
        StringAssert.Contains(e.Message, "batch_normalization");
        AssertSame(before, Values(other), "weights after the failed load");

        Classifier().SaveWeights(dir.File("w.safetensors"));
        var st = Assert.ThrowsExactly<ArgumentException>(() => other.LoadWeights(dir.File("w.safetensors")));
        StringAssert.Contains(st.Message, "'dense/kernel' is [6,5] in the model but [6,8]");
        AssertSame(before, Values(other), "weights after the failed safetensors load");
    }

    [TestMethod]
    public void LoadWeights_IntoAModelCompiledWithAnotherOptimizer_LoadsTheWeightsOnly()
    {
        using var dir = new TempFolder();
        var (x, y) = Data(32);
        var trained = Classifier();
        trained.Compile("adam", "sparse_categorical_crossentropy");
        trained.Fit(x, y, batchSize: 8, verbose: 0);
        var path = dir.File("adam.keras");
        trained.Save(path);

        var fineTune = Classifier();
        fineTune.Compile(new KerasSharp.Optimizers.SGD(momentum: 0.9), "sparse_categorical_crossentropy");
        var errors = new StringWriter();
        var stderr = Console.Error;
        Console.SetError(errors);
        try { fineTune.LoadWeights(path); }
        finally { Console.SetError(stderr); }
        AssertSame(Values(trained), Values(fineTune), "weights");
        Assert.AreEqual(0, fineTune.Optimizer!.Iterations, "the SGD optimizer's state is its own");
        StringAssert.Contains(errors.ToString(), "the optimizer's state was not loaded");
    }

    [TestMethod]
    public void Save_WrongExtension_OrUnsavableLayer_FailsAndKeepsTheOldFile()
    {
        using var dir = new TempFolder();
        var path = dir.File("m.keras");
        var good = Classifier();
        good.Save(path);
        var bytes = File.ReadAllBytes(path);

        Assert.ThrowsExactly<ArgumentException>(() => good.Save(dir.File("m.h5")));
        Assert.ThrowsExactly<ArgumentException>(() => good.SaveWeights(dir.File("m.bin")));

        var lambda = new Sequential([new Input([6]), new Lambda(t => Ops.Square(t), name: "squares")]);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => lambda.Save(path));
        StringAssert.Contains(e.Message, "squares");
        var custom = new Sequential([new Input([6]), new Unregistered(name: "mine")]);
        var u = Assert.ThrowsExactly<InvalidOperationException>(() => custom.Save(path));
        StringAssert.Contains(u.Message, "KerasSerializable");
        var forgetful = new Sequential([new Input([6]), new ForgetsItsArgument(3, name: "forgetful")]);
        var f = Assert.ThrowsExactly<InvalidOperationException>(() => forgetful.Save(path));
        StringAssert.Contains(f.Message, "forgetful");
        StringAssert.Contains(f.Message, "'size'");
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(path), "the good file is untouched");
        Assert.HasCount(1, Directory.GetFiles(dir.Path), "no temporary files are left behind");
    }

    [TestMethod]
    public void RegisteredCustomLayer_RoundTrips_AndUnknownClassFailsNamingIt()
    {
        using var dir = new TempFolder();
        var model = new Sequential([new Input([3]), new ScaleShift(2.5, name: "scale"), new Dense(1)]);
        var path = dir.File("custom.keras");
        model.Save(path);
        var loaded = Model.Load(path);
        Assert.AreEqual(2.5, ((ScaleShift)loaded.GetLayer("scale")).Factor);
        var x = Ops.RandomUniform([4, 3], seed: 1);
        CollectionAssert.AreEqual(model.Predict(x).ToArray<float>(), loaded.Predict(x).ToArray<float>());
        StringAssert.Contains(model.ToJson(), "\"registered_name\":\"tests>ScaleShift\"");

        var json = model.ToJson().Replace("tests>ScaleShift", "tests>Gone").Replace("\"ScaleShift\"", "\"Gone\"");
        var e = Assert.ThrowsExactly<ArgumentException>(() => Model.FromJson(json));
        StringAssert.Contains(e.Message, "'Gone'");
        StringAssert.Contains(e.Message, "customObjects");
        var viaCustomObjects = Model.FromJson(json, new Dictionary<string, Type> { ["tests>Gone"] = typeof(ScaleShift) });
        Assert.IsInstanceOfType<ScaleShift>(viaCustomObjects.GetLayer("scale"));
    }

    [TestMethod]
    public void SubclassedModel_RoundTripsWhenRegistered()
    {
        using var dir = new TempFolder();
        var model = new RegisteredNet(units: 5);
        model.Compile("sgd", "mse");
        var (x, _) = Data(8);
        model.Fit(x, Ops.Ones([8, 1]), batchSize: 4, verbose: 0);
        var path = dir.File("sub.keras");
        model.Save(path);
        var loaded = (RegisteredNet)Model.Load(path);
        Assert.AreEqual(5, loaded.Units);
        CollectionAssert.AreEqual(model.StateDict().Keys.ToArray(), loaded.StateDict().Keys.ToArray());
        CollectionAssert.AreEqual(new[] { "hidden/kernel", "hidden/bias", "out/kernel", "out/bias" }, loaded.StateDict().Keys.ToArray());
        CollectionAssert.AreEqual(model.Predict(x).ToArray<float>(), loaded.Predict(x).ToArray<float>());
    }

    [TestMethod]
    public void H5py_ReadsOurWeightsFileInKerasLayout()
    {
        using var dir = new TempFolder();
        var model = Classifier();
        model.Compile("adam", "sparse_categorical_crossentropy");
        var (x, y) = Data(16);
        model.Fit(x, y, batchSize: 8, verbose: 0);
        var path = dir.File("w.weights.h5");
        model.SaveWeights(path);
        var output = Python.Run("""
            import sys, h5py
            with h5py.File(sys.argv[1], "r") as f:
                def show(name, obj):
                    if isinstance(obj, h5py.Dataset):
                        print(name, obj.dtype, list(obj.shape))
                f.visititems(show)
                print("kernel00", float(f["layers/dense/vars/0"][0, 0]))
            """, needsH5py: true, path);
        StringAssert.Contains(output, "layers/dense/vars/0 float32 [6, 8]");
        StringAssert.Contains(output, "layers/dense_1/vars/1 float32 [2]");
        StringAssert.Contains(output, "layers/batch_normalization/vars/3 float32 [8]");
        StringAssert.Contains(output, "optimizer/vars/0 int64 []");
        StringAssert.Contains(output, "optimizer/vars/1 float32 []");
        StringAssert.Contains(output, "layers/dropout/seed_generator/vars/0 int64 [2]");
        var kernel = model.GetLayer(0).Weights[0].ToArray<float>()[0];
        StringAssert.Contains(output, $"kernel00 {((double)kernel).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
    }

    [TestMethod]
    public void AKerasFileWrittenByPython_Loads()
    {
        using var dir = new TempFolder();
        var path = dir.File("python.keras");
        // A .keras file as Keras 3 writes one for Sequential([Input((4,)), Dense(3, "relu"), Dense(2)]): its config and
        // its weights layout, written with h5py and zipfile (Keras itself is not available here).
        Python.Run("""
            import sys, json, io, zipfile, h5py, numpy as np
            def dense(name, units, act, shape):
                return {"module": "keras.layers", "class_name": "Dense", "registered_name": None,
                        "build_config": {"input_shape": shape},
                        "config": {"name": name, "trainable": True,
                                   "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None},
                                   "units": units, "activation": act, "use_bias": True,
                                   "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": None}, "registered_name": None},
                                   "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": None},
                                   "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None}}
            config = {"module": "keras", "class_name": "Sequential", "registered_name": None,
                      "config": {"name": "sequential", "trainable": True, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None},
                                 "layers": [{"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
                                             "config": {"batch_shape": [None, 4], "dtype": "float32", "sparse": False, "name": "input_layer"}},
                                            dense("dense", 3, "relu", [None, 4]), dense("dense_1", 2, "linear", [None, 3])],
                                 "build_input_shape": [None, 4]}}
            weights = io.BytesIO()
            with h5py.File(weights, "w") as f:
                f.create_group("vars")
                f.create_group("layers/dense/vars")
                f["layers/dense/vars/0"] = np.arange(12, dtype=np.float32).reshape(4, 3) / 10
                f["layers/dense/vars/1"] = np.array([0.5, -0.5, 0.0], dtype=np.float32)
                f["layers/dense_1/vars/0"] = np.ones((3, 2), dtype=np.float32)
                f["layers/dense_1/vars/1"] = np.array([1.0, 2.0], dtype=np.float32)
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                z.writestr("metadata.json", json.dumps({"keras_version": "3.6.0", "date_saved": "2026-12-06@00:00:00"}))
                z.writestr("config.json", json.dumps(config))
                z.writestr("model.weights.h5", weights.getvalue())
            """, needsH5py: true, path);
        var model = Model.Load(path);
        var y = model.Predict(Tensor.FromArray(new float[] { 1, 0, 0, 0 }, 1, 4)).ToArray<float>();
        // relu([0, .1, .2] + [.5, -.5, 0]) = [.5, 0, .2]; then sum + [1, 2] = [1.7, 2.7].
        Assert.AreEqual(1.7f, y[0], 1e-6f);
        Assert.AreEqual(2.7f, y[1], 1e-6f);
    }

    [TestMethod]
    public void Load_ABrokenFile_FailsNamingTheFile()
    {
        using var dir = new TempFolder();
        var path = dir.File("m.keras");
        Classifier().Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsExactly<ModelFileException>(() => Model.Load(path));
        StringAssert.Contains(e.Message, path);
        Assert.ThrowsExactly<ModelFileException>(() => Model.Load(dir.File("missing.keras")));
    }
}

/// <summary>A registered subclassed model with its own constructor argument.</summary>
[KerasSerializable("tests")]
public sealed class RegisteredNet(int units, string? name = null) : Model(name)
{
    private readonly Dense _hidden = new(units, activation: "tanh");
    private readonly Dense _out = new(1);

    public int Units { get; } = units;

    public override Tensor Call(Tensor inputs, bool training) => _out.Apply(_hidden.Apply(inputs, training), training);

    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["units"] = Units;
        return c;
    }
}
