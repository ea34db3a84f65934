using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>A hand-written dense layer: weights from Build, computation in Call.</summary>
internal sealed class MyDense(int units, bool relu = false) : Layer
{
    private Variable? _kernel, _bias;

    public int BuildCalls { get; private set; }

    public override void Build(int?[] inputShape)
    {
        BuildCalls++;
        int inputs = inputShape[^1] ?? throw new ArgumentException("the last axis must be known");
        _kernel = AddWeight("kernel", [inputs, units], "glorot_uniform");
        _bias = AddWeight("bias", [units], "zeros");
        Built = true;
    }

    public override Tensor Call(Tensor inputs, bool training)
    {
        var y = Ops.Add(Ops.MatMul(inputs, _kernel!), _bias!);
        return relu ? Ops.Relu(y) : y;
    }
}

/// <summary>Passes its input through and records, per call, whether it was training and the fraction of zeros seen.</summary>
internal sealed class ZeroProbe : Layer
{
    public List<(bool Training, double ZeroFraction)> Calls { get; } = [];

    public override Tensor Call(Tensor inputs, bool training)
    {
        var values = inputs.ToArray<float>();
        Calls.Add((training, values.Count(v => v == 0) / (double)values.Length));
        return inputs;
    }

    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
}

/// <summary>A subclassed model: two Dense layers held in fields, wired in Call.</summary>
internal sealed class TwoLayerNet : Model
{
    private readonly Dense _hidden = new(8, activation: "relu");
    private readonly Dense _classifier = new(2, activation: "softmax");

    public override Tensor Call(Tensor inputs, bool training) =>
        _classifier.Apply(_hidden.Apply(inputs, training), training);
}

/// <summary>A Sequential that counts its training steps and delegates to the default step.</summary>
internal sealed class CountingSequential(IEnumerable<Layer> layers) : Sequential(layers)
{
    public int TrainSteps { get; private set; }

    public override IReadOnlyDictionary<string, double> TrainStep(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight)
    {
        TrainSteps++;
        return base.TrainStep(x, y, sampleWeight);
    }
}

/// <summary>A functional model with its own training step: mean squared error by hand under its own tape.</summary>
internal sealed class HandStepModel(KerasTensor input, KerasTensor output) : Model(input, output)
{
    public override Dictionary<string, double> TrainStep(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight)
    {
        Tensor loss;
        Tensor?[] gradients;
        var weights = TrainableWeights;
        using (var tape = new GradientTape())
        {
            var prediction = Forward(x, training: true)[0];
            loss = Ops.Mean(Ops.Square(Ops.Subtract(prediction, y[0])));
            gradients = tape.Gradient(loss, weights);
        }
        Optimizer!.ApplyGradients(gradients, weights);
        return new Dictionary<string, double> { ["loss"] = loss.Item<double>(), ["custom_steps"] = Optimizer.Iterations };
    }
}
