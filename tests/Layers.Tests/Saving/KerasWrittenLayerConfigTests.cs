using KerasSharp.Layers;
using KerasSharp.Saving;

namespace KerasSharp.Layers.Tests.Saving;

/// <summary>
/// Layer configs as Keras 3 writes them (hand-written from Keras's get_config: DTypePolicy objects, tuples as lists, keys
/// for features KerasSharp lacks at their defaults) load into the right objects; such a key at another value fails naming it.
/// </summary>
[TestClass]
public sealed class KerasWrittenLayerConfigTests
{
    private static string Policy(string name) =>
        $$"""{"module": "keras", "class_name": "DTypePolicy", "config": {"name": "{{name}}"}, "registered_name": null}""";

    private static string Init(string className, string config = """{"seed": null}""") =>
        $$"""{"module": "keras.initializers", "class_name": "{{className}}", "config": {{config}}, "registered_name": null}""";

    private static readonly string F32 = Policy("float32");
    private static readonly string Glorot = Init("GlorotUniform");
    private static readonly string Zeros = Init("Zeros", "{}");
    private static readonly string Ones = Init("Ones", "{}");
    private static readonly string HeNormal5 = Init("HeNormal", """{"seed": 5}""");
    private static readonly string Uniform = Init("RandomUniform", """{"seed": null, "minval": -0.05, "maxval": 0.05}""");

    private static Layer Load(string json) => KerasObjects.Deserialize<Layer>(ConfigJson.Read(json)!);

    private static string Dense(string dtype) => $$"""
        {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": {{dtype}},
         "units": 4, "activation": "relu", "use_bias": true, "kernel_initializer": {{Glorot}},
         "bias_initializer": {{Zeros}}, "kernel_regularizer": null, "bias_regularizer": null,
         "kernel_constraint": null, "bias_constraint": null, "quantization_config": null},
         "registered_name": null, "build_config": {"input_shape": [null, 3]} }
        """;

    [TestMethod]
    public void Dense_WithAFloat32Policy_Loads()
    {
        var dense = (Dense)Load(Dense(Policy("float32")));
        Assert.AreEqual("dense", dense.Name);
        Assert.AreEqual(4, dense.Units);
        Assert.AreEqual("relu", dense.ActivationName);
        Assert.AreEqual(DType.Float32, dense.DType);
        Assert.AreEqual(new Shape(3, 4), dense.Kernel!.Shape);
        Assert.AreEqual("float32", KerasObjects.Serialize(dense)["config"] is Dictionary<string, object?> c ? c["dtype"] : null);
    }

    [TestMethod]
    public void Dense_WithAFloat64Policy_MakesFloat64Weights()
    {
        var dense = (Dense)Load(Dense(Policy("float64")));
        Assert.AreEqual(DType.Float64, dense.DType);
        Assert.AreEqual(DType.Float64, dense.Kernel!.DType);
    }

    [TestMethod]
    public void Dense_WithAMixedPrecisionPolicy_FailsNamingIt()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Load(Dense(Policy("mixed_float16"))));
        StringAssert.Contains(e.Message, "'dtype'");
        StringAssert.Contains(e.Message, "mixed_float16");
        StringAssert.Contains(e.Message, "Dense 'dense'");
    }

    [TestMethod]
    public void Conv2D_WithTuplesAsLists_Loads()
    {
        var conv = (Conv2D)Load($$"""
            {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "dtype": {{F32}},
             "filters": 8, "kernel_size": [3, 2], "strides": [2, 1], "padding": "same", "data_format": "channels_last",
             "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true,
             "kernel_initializer": {{HeNormal5}}, "bias_initializer": {{Zeros}},
             "kernel_regularizer": {"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01}, "registered_name": null},
             "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null},
             "registered_name": null, "build_config": {"input_shape": [null, 8, 8, 3]} }
            """);
        CollectionAssert.AreEqual(new[] { 3, 2 }, conv.KernelSize);
        CollectionAssert.AreEqual(new[] { 2, 1 }, conv.Strides);
        Assert.IsInstanceOfType<L2>(conv.KernelRegularizer);
        Assert.AreEqual(new Shape(3, 2, 3, 8), conv.Kernel!.Shape);
    }

    [TestMethod]
    public void Conv1DAndPooling1D_WithOneElementLists_Load()
    {
        var conv = (Conv1D)Load($$"""
            {"module": "keras.layers", "class_name": "Conv1D", "config": {"name": "c", "trainable": true, "dtype": {{F32}},
             "filters": 2, "kernel_size": [3], "strides": [1], "padding": "causal", "data_format": "channels_last", "dilation_rate": [2],
             "groups": 1, "activation": null, "use_bias": false, "kernel_initializer": {{Glorot}},
             "bias_initializer": {{Zeros}}, "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
             "kernel_constraint": null, "bias_constraint": null}, "registered_name": null}
            """);
        CollectionAssert.AreEqual(new[] { 3 }, conv.KernelSize);
        CollectionAssert.AreEqual(new[] { 2 }, conv.DilationRate);
        Assert.AreEqual("linear", conv.ActivationName);
        var pool = (MaxPooling1D)Load("""
            {"module": "keras.layers", "class_name": "MaxPooling1D", "config": {"name": "p", "trainable": true, "dtype": "float32",
             "pool_size": [3], "padding": "valid", "strides": [2], "data_format": "channels_last"}, "registered_name": null}
            """);
        CollectionAssert.AreEqual(new[] { 3 }, pool.PoolSize);
        CollectionAssert.AreEqual(new[] { 2 }, pool.Strides);
    }

    private static string BatchNorm(string renorm) => $$"""
        {"module": "keras.layers", "class_name": "BatchNormalization", "config": {"name": "bn", "trainable": true, "dtype": {{F32}},
         "axis": -1, "momentum": 0.9, "epsilon": 0.001, "center": true, "scale": true,
         "beta_initializer": {{Zeros}}, "gamma_initializer": {{Ones}},
         "moving_mean_initializer": {{Zeros}}, "moving_variance_initializer": {{Ones}},
         "beta_regularizer": null, "gamma_regularizer": null, "beta_constraint": null, "gamma_constraint": null,
         "synchronized": false, "renorm": {{renorm}}, "renorm_clipping": null, "renorm_momentum": 0.99}, "registered_name": null}
        """;

    [TestMethod]
    public void BatchNormalization_WithRenormOff_Loads()
    {
        var bn = (BatchNormalization)Load(BatchNorm("false"));
        Assert.AreEqual(0.9, bn.Momentum);
    }

    [TestMethod]
    public void BatchNormalization_WithRenormOn_FailsNamingTheKey()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Load(BatchNorm("true")));
        StringAssert.Contains(e.Message, "'renorm'");
        StringAssert.Contains(e.Message, "BatchNormalization 'bn'");
    }

    [TestMethod]
    public void Embedding_WithKerasExtraKeys_Loads()
    {
        var embedding = (Embedding)Load($$"""
            {"module": "keras.layers", "class_name": "Embedding", "config": {"name": "emb", "trainable": true, "dtype": {{F32}},
             "input_dim": 10, "output_dim": 4,
             "embeddings_initializer": {{Uniform}},
             "embeddings_regularizer": null, "activity_regularizer": null, "embeddings_constraint": null, "mask_zero": true,
             "quantization_config": null}, "registered_name": null}
            """);
        Assert.AreEqual(10, embedding.InputDim);
        Assert.IsTrue(embedding.MaskZero);
    }

    [TestMethod]
    public void Embedding_WithAnActivityRegularizer_FailsNamingTheKey()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Load("""
            {"module": "keras.layers", "class_name": "Embedding", "config": {"name": "emb", "input_dim": 10, "output_dim": 4,
             "activity_regularizer": {"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01}, "registered_name": null}},
             "registered_name": null}
            """));
        StringAssert.Contains(e.Message, "'activity_regularizer'");
    }

    [TestMethod]
    public void Initializer_WithNewerKerasAxesKeys_Loads()
    {
        var init = KerasObjects.Deserialize<Initializer>(ConfigJson.Read(Init("HeNormal", """{"seed": 3, "input_axes": null, "output_axes": null}"""))!);
        Assert.AreEqual(3L, ((HeNormal)init).Seed);
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            KerasObjects.Deserialize<Initializer>(ConfigJson.Read(Init("HeNormal", """{"seed": 3, "input_axes": [0]}"""))!));
        StringAssert.Contains(e.Message, "'input_axes'");
    }

    [TestMethod]
    public void ReshapingAndDropoutLayers_AsKerasWritesThem_Load()
    {
        var pad = (ZeroPadding2D)Load("""
            {"module": "keras.layers", "class_name": "ZeroPadding2D", "config": {"name": "zp", "trainable": true, "dtype": "float32",
             "padding": [[1, 2], [3, 4]], "data_format": "channels_last"}, "registered_name": null}
            """);
        Assert.AreEqual(((1, 2), (3, 4)), pad.Padding);
        var crop = (Cropping2D)Load("""
            {"module": "keras.layers", "class_name": "Cropping2D", "config": {"name": "cr", "cropping": [[0, 1], [2, 0]],
             "data_format": "channels_first"}, "registered_name": null}
            """);
        Assert.AreEqual(((0, 1), (2, 0)), crop.Cropping);
        var flatten = (Flatten)Load("""
            {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "f", "trainable": true, "dtype": "float32",
             "data_format": "channels_first"}, "registered_name": null}
            """);
        Assert.AreEqual("channels_first", flatten.DataFormat);
        // Keras's spatial dropout writes rate, seed, name, dtype and data_format, and no "trainable".
        var dropout = (SpatialDropout2D)Load("""
            {"module": "keras.layers", "class_name": "SpatialDropout2D", "config": {"rate": 0.2, "seed": 4, "name": "sd", "dtype": "float32",
             "data_format": "channels_last"}, "registered_name": null}
            """);
        Assert.AreEqual(0.2, dropout.Rate);
        Assert.IsFalse(((Dictionary<string, object?>)KerasObjects.Serialize(dropout)["config"]!).ContainsKey("trainable"));
    }

    [TestMethod]
    public void Flatten_ChannelsFirst_FlattensInChannelsLastOrder()
    {
        // Keras moves the channel axis last before flattening, so both layouts give the same vector.
        var chw = T.F([1, 2, 3, 4, 5, 6, 7, 8], 1, 2, 2, 2);
        var hwc = Ops.Transpose(chw, [0, 2, 3, 1]);
        CollectionAssert.AreEqual(new Flatten().Apply(hwc).ToArray<float>(), new Flatten("channels_first").Apply(chw).ToArray<float>());
    }
}
