using KerasSharp.Layers;
using KerasSharp.Saving;

namespace KerasSharp.Layers.Tests.Saving;

/// <summary>EinsumDense, MultiHeadAttention and Masking configs as Keras 3 writes them (from their get_config) load and build.</summary>
[TestClass]
public sealed class KerasWrittenAttentionConfigTests
{
    private const string F32 = """{"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}""";
    private const string Glorot = """{"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}""";
    private const string Zeros = """{"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}""";

    private static Layer Load(string json) => KerasObjects.Deserialize<Layer>(ConfigJson.Read(json)!);

    [TestMethod]
    public void EinsumDense_AsKerasWritesIt()
    {
        var d = (EinsumDense)Load($$"""
            {"module": "keras.layers", "class_name": "EinsumDense", "config": {"name": "query", "trainable": true, "dtype": {{F32}},
             "output_shape": [null, 2, 4], "equation": "abc,cde->abde", "activation": "linear", "bias_axes": "de",
             "kernel_initializer": {{Glorot}}, "bias_initializer": {{Zeros}}, "kernel_regularizer": null, "bias_regularizer": null,
             "kernel_constraint": null, "bias_constraint": null, "lora_rank": null},
             "registered_name": null, "build_config": {"input_shape": [null, 5, 6]} }
            """);
        Assert.AreEqual("abc,cde->abde", d.Equation);
        Assert.AreEqual(new Shape(6, 2, 4), d.Kernel!.Shape);
        Assert.AreEqual(new Shape(2, 4), d.Bias!.Shape);
    }

    [TestMethod]
    public void MultiHeadAttention_AsKerasWritesIt_WithItsBuildConfig()
    {
        var mha = (MultiHeadAttention)Load($$"""
            {"module": "keras.layers", "class_name": "MultiHeadAttention", "config": {"name": "mha", "trainable": true, "dtype": {{F32}},
             "num_heads": 2, "key_dim": 3, "value_dim": 3, "dropout": 0.1, "use_bias": true, "output_shape": null, "attention_axes": [1],
             "flash_attention": null, "kernel_initializer": {{Glorot}}, "bias_initializer": {{Zeros}}, "kernel_regularizer": null,
             "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "seed": null},
             "registered_name": null, "build_config": {"query_shape": [null, 4, 6], "value_shape": [null, 5, 6], "key_shape": null} }
            """);
        Assert.IsTrue(mha.Built);
        Assert.AreEqual(2, mha.NumHeads);
        Assert.AreEqual(0.1, mha.Dropout);
        CollectionAssert.AreEqual(new[] { 1 }, mha.AttentionAxes);
        Assert.AreEqual(new Shape(6, 2, 3), mha.KeyDense!.Kernel!.Shape);
        Assert.AreEqual(new Shape(2, 3, 6), mha.OutputDense!.Kernel!.Shape);
        Assert.HasCount(8, mha.Weights);
    }

    [TestMethod]
    public void MultiHeadAttention_WithABareIntOutputShape_AndAttentionAxes()
    {
        // Keras 3 writes whatever the user passed: output_shape=8 and attention_axes=1 stay bare ints in the config.
        var mha = (MultiHeadAttention)Load($$"""
            {"module": "keras.layers", "class_name": "MultiHeadAttention", "config": {"name": "mha", "trainable": true, "dtype": {{F32}},
             "num_heads": 2, "key_dim": 3, "value_dim": null, "dropout": 0.0, "use_bias": true, "output_shape": 8, "attention_axes": 1,
             "flash_attention": null, "kernel_initializer": {{Glorot}}, "bias_initializer": {{Zeros}}, "kernel_regularizer": null,
             "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "seed": null},
             "registered_name": null, "build_config": {"query_shape": [null, 4, 6], "value_shape": [null, 5, 6], "key_shape": null} }
            """);
        CollectionAssert.AreEqual(new[] { 8 }, mha.OutputShape);
        CollectionAssert.AreEqual(new[] { 1 }, mha.AttentionAxes);
        Assert.AreEqual(new Shape(2, 3, 8), mha.OutputDense!.Kernel!.Shape);
    }

    [TestMethod]
    public void Masking_AsKerasWritesIt()
    {
        var m = (Masking)Load($$"""
            {"module": "keras.layers", "class_name": "Masking", "config": {"name": "masking", "trainable": true, "dtype": {{F32}}, "mask_value": -1.0},
             "registered_name": null, "build_config": {"input_shape": [null, 3, 2]} }
            """);
        Assert.AreEqual(-1.0, m.MaskValue);
    }
}
