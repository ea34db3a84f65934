using Google.Protobuf;
using KerasSharp.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>The schema compiled from Onnx/Proto/onnx.proto writes files that ONNX Runtime loads and runs.</summary>
[TestClass]
public sealed class OnnxRuntimeSmokeTests
{
    [TestMethod]
    public void OneReluGraphRunsInOnnxRuntime()
    {
        var graph = new GraphProto { Name = "relu" };
        graph.Node.Add(new NodeProto { OpType = "Relu", Name = "relu_0", Input = { "x" }, Output = { "y" } });
        graph.Input.Add(FloatInput("x", 2, 3));
        graph.Output.Add(FloatInput("y", 2, 3));
        var model = new ModelProto { IrVersion = 8, ProducerName = "KerasSharp tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });

        using var session = new InferenceSession(model.ToByteArray());
        var x = new DenseTensor<float>(new float[] { -1, 2, -3, 4, 0, -0.5f }, [2, 3]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", x)]);

        CollectionAssert.AreEqual(new float[] { 0, 2, 0, 4, 0, 0 }, results.Single().AsEnumerable<float>().ToArray());
    }

    private static ValueInfoProto FloatInput(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
