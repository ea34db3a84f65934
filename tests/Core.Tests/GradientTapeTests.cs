namespace KerasSharp.Tests;

/// <summary>The behaviour of <see cref="GradientTape"/> and <see cref="Variable"/>.</summary>
[TestClass]
public sealed class GradientTapeTests
{
    private static Tensor F64(params double[] values) => Tensor.FromArray(values);

    private static void AssertValues(double[] expected, Tensor actual, double tolerance = 1e-12, string what = "")
    {
        var values = actual.ToArray<double>();
        Assert.HasCount(expected.Length, values, $"{what}: element count");
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], values[i], tolerance, $"{what}: element {i} of [{string.Join(", ", values)}]");
    }

    // ---- watching ----

    [TestMethod]
    public void TrainableVariableIsWatchedAutomatically()
    {
        var v = new Variable(F64(1.5, -2.0), "v");
        using var tape = new GradientTape();
        var y = Ops.Sum(Ops.Multiply(v, v));
        var g = tape.Gradient(y, v);
        AssertValues([3.0, -4.0], g, what: "d sum(v^2)/dv");
    }

    [TestMethod]
    public void NonTrainableVariableIsNotWatched()
    {
        var v = new Variable(F64(1.5, -2.0), "frozen", trainable: false);
        using var tape = new GradientTape(persistent: true);
        var y = Ops.Sum(Ops.Multiply(v, v));
        var grads = tape.Gradient(y, [v], unconnected: UnconnectedGradients.None);
        Assert.IsNull(grads[0], "a non-trainable variable must not be watched automatically");
        var zeros = tape.Gradient(y, [v])[0];
        Assert.IsNotNull(zeros);
        AssertValues([0.0, 0.0], zeros, what: "unconnected -> zeros");
    }

    [TestMethod]
    public void NonTrainableVariableCanBeWatchedExplicitly()
    {
        var v = new Variable(F64(1.5, -2.0), "frozen", trainable: false);
        using var tape = new GradientTape();
        tape.Watch(v);
        var y = Ops.Sum(Ops.Multiply(v, v));
        AssertValues([3.0, -4.0], tape.Gradient(y, v), what: "explicitly watched frozen variable");
    }

    [TestMethod]
    public void WatchAccessedVariablesFalseIgnoresVariables()
    {
        var v = new Variable(F64(1.5, -2.0), "v");
        using var tape = new GradientTape(watchAccessedVariables: false);
        var y = Ops.Sum(Ops.Multiply(v, v));
        Assert.IsNull(tape.Gradient(y, [v], unconnected: UnconnectedGradients.None)[0]);
    }

    [TestMethod]
    public void PlainTensorNeedsWatch()
    {
        var x = F64(0.5, 2.0, -1.0);
        var unwatched = F64(3.0, 4.0, 5.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Sum(Ops.Multiply(Ops.Exp(x), unwatched));
        var grads = tape.Gradient(y, [x, unwatched], unconnected: UnconnectedGradients.None);
        Assert.IsNotNull(grads[0]);
        AssertValues([3 * Math.Exp(0.5), 4 * Math.Exp(2.0), 5 * Math.Exp(-1.0)], grads[0]!, 1e-12, "d/dx");
        Assert.IsNull(grads[1], "a tensor that was never watched gets no gradient");
    }

    [TestMethod]
    public void WatchManyTensors()
    {
        var a = F64(2.0);
        var b = F64(3.0);
        using var tape = new GradientTape();
        tape.Watch([a, b]);
        var y = Ops.Sum(Ops.Multiply(a, b));
        var grads = tape.Gradient(y, [a, b]);
        AssertValues([3.0], grads[0]!, what: "d(ab)/da");
        AssertValues([2.0], grads[1]!, what: "d(ab)/db");
    }

    // ---- unconnected sources ----

    [TestMethod]
    public void UnconnectedSourceGivesZerosOrNull()
    {
        var x = F64(1.0, 2.0);
        var other = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var tape = new GradientTape(persistent: true);
        tape.Watch(x);
        tape.Watch(other);
        var y = Ops.Sum(Ops.Square(x));
        var zero = tape.Gradient(y, [other])[0];
        Assert.IsNotNull(zero);
        Assert.AreEqual(other.Shape, zero.Shape, "zeros shaped like the source");
        Assert.AreEqual(DType.Float64, zero.DType);
        AssertValues(new double[6], zero, what: "unconnected, UnconnectedGradients.Zero");
        Assert.IsNull(tape.Gradient(y, [other], unconnected: UnconnectedGradients.None)[0]);
    }

    // ---- persistence ----

    [TestMethod]
    public void NonPersistentTapeAllowsOneGradientCall()
    {
        var x = F64(3.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Square(x);
        AssertValues([6.0], tape.Gradient(y, x));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => tape.Gradient(y, x));
        Assert.Contains("persistent", e.Message);
    }

    [TestMethod]
    public void PersistentTapeAllowsSeveralGradientCalls()
    {
        var x = F64(3.0);
        using var tape = new GradientTape(persistent: true);
        tape.Watch(x);
        var y = Ops.Square(x);
        var z = Ops.Multiply(y, x);
        AssertValues([6.0], tape.Gradient(y, x), what: "first call");
        AssertValues([27.0], tape.Gradient(z, x), what: "second call, other target");
        AssertValues([6.0], tape.Gradient(y, x), what: "third call, same target");
    }

    [TestMethod]
    public void DisposedTapeThrows()
    {
        var x = F64(3.0);
        var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Square(x);
        tape.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => tape.Gradient(y, x));
    }

    // ---- blocking the flow ----

    [TestMethod]
    public void StopGradientBlocksTheGradient()
    {
        var x = F64(1.5, -2.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        var stopped = Ops.StopGradient(x);
        AssertValues([1.5, -2.0], stopped, what: "StopGradient keeps the values");
        var y = Ops.Sum(Ops.Multiply(x, stopped)); // d/dx = stop(x), not 2x
        AssertValues([1.5, -2.0], tape.Gradient(y, x), what: "d(x*stop(x))/dx");
    }

    [TestMethod]
    public void StopGradientAloneIsUnconnected()
    {
        var x = F64(1.5, -2.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Sum(Ops.Square(Ops.StopGradient(x)));
        Assert.IsNull(tape.Gradient(y, [x], unconnected: UnconnectedGradients.None)[0]);
    }

    [TestMethod]
    public void StopRecordingPausesTheTape()
    {
        var x = F64(2.0, -1.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        Tensor hidden;
        using (tape.StopRecording())
        {
            hidden = Ops.Square(x); // not recorded: a constant to the tape
        }
        var recorded = Ops.MultiplyScalar(x, 3);  // recorded again after the pause
        var y = Ops.Sum(Ops.Add(Ops.Multiply(hidden, x), recorded)); // d/dx = hidden + 3
        AssertValues([4.0 + 3.0, 1.0 + 3.0], tape.Gradient(y, x), what: "x^2 computed while paused counts as a constant");
    }

    // ---- accumulation ----

    [TestMethod]
    public void TensorUsedTwiceAccumulates()
    {
        var x = F64(1.5, -2.0, 0.25);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Sum(Ops.Multiply(x, x));
        AssertValues([3.0, -4.0, 0.5], tape.Gradient(y, x), what: "d(x*x)/dx = 2x");
    }

    [TestMethod]
    public void TwoBranchesAccumulate()
    {
        var x = F64(0.3, -1.2);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Sum(Ops.Add(Ops.Sin(x), Ops.MultiplyScalar(x, 3)));
        AssertValues([Math.Cos(0.3) + 3, Math.Cos(-1.2) + 3], tape.Gradient(y, x), 1e-12, "d(sin x + 3x)/dx");
    }

    // ---- higher order ----

    [TestMethod]
    public void NestedTapesGiveTheSecondDerivative()
    {
        var x = F64(1.5, -2.0, 0.5);
        using var outer = new GradientTape();
        outer.Watch(x);
        Tensor dy;
        using (var inner = new GradientTape())
        {
            inner.Watch(x);
            var y = Ops.Multiply(Ops.Multiply(x, x), x);
            dy = inner.Gradient(y, x);
        }
        AssertValues([3 * 2.25, 3 * 4.0, 3 * 0.25], dy, 1e-12, "first derivative 3x^2");
        var d2 = outer.Gradient(dy, x);
        AssertValues([6 * 1.5, 6 * -2.0, 6 * 0.5], d2, 1e-12, "second derivative 6x");
    }

    [TestMethod]
    public void NestedTapesSecondDerivativeOfTanh()
    {
        // d/dx tanh = 1 - t^2; d2/dx2 = -2 t (1 - t^2).
        var x = F64(0.7);
        using var outer = new GradientTape();
        outer.Watch(x);
        Tensor dy;
        using (var inner = new GradientTape())
        {
            inner.Watch(x);
            dy = inner.Gradient(Ops.Tanh(x), x);
        }
        double t = Math.Tanh(0.7);
        AssertValues([-2 * t * (1 - t * t)], outer.Gradient(dy, x), 1e-12, "tanh''");
    }

    // ---- nothing recorded without a tape ----

    [TestMethod]
    public void OpsBeforeTheTapeOpensAreNotRecorded()
    {
        var x = F64(1.0, 2.0);
        var y = Ops.Sum(Ops.Square(x)); // no tape open
        using var tape = new GradientTape();
        tape.Watch(x);
        Assert.IsNull(tape.Gradient(y, [x], unconnected: UnconnectedGradients.None)[0], "a tape opened after the op sees no connection");
    }

    [TestMethod]
    public void OpsAfterTheTapeClosesAreNotRecorded()
    {
        var x = F64(1.0, 2.0);
        var tape = new GradientTape(persistent: true);
        tape.Watch(x);
        var y = Ops.Square(x);
        tape.Dispose();
        using var later = new GradientTape();
        var z = Ops.Sum(y); // y is not tracked by the new tape
        later.Watch(x);
        Assert.IsNull(later.Gradient(z, [x], unconnected: UnconnectedGradients.None)[0]);
    }

    // ---- output gradient ----

    [TestMethod]
    public void OutputGradientWeightsTheTarget()
    {
        var x = F64(1.0, -2.0, 3.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Square(x);
        var g = tape.Gradient(y, [x], outputGradient: F64(1.0, 0.5, -2.0))[0];
        AssertValues([2.0, -2.0, -12.0], g!, what: "2x * outputGradient");
    }

    [TestMethod]
    public void NonScalarTargetIsSummed()
    {
        var x = F64(1.0, -2.0, 3.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Square(x);
        AssertValues([2.0, -4.0, 6.0], tape.Gradient(y, x), what: "gradient of a vector target is that of its sum");
    }

    [TestMethod]
    public void OutputGradientShapeMismatchThrows()
    {
        var x = F64(1.0, -2.0, 3.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Square(x);
        var e = Assert.ThrowsExactly<ArgumentException>(() => tape.Gradient(y, [x], outputGradient: F64(1.0, 2.0)));
        Assert.Contains("[2]", e.Message);
        Assert.Contains("[3]", e.Message);
    }

    // ---- casts and integer ops ----

    [TestMethod]
    public void IntegerTargetHasNoGradient()
    {
        var x = Tensor.FromArray(new[] { 1, 2, 3 });
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Multiply(x, x);
        Assert.AreEqual(DType.Int32, y.DType);
        var e = Assert.ThrowsExactly<ArgumentException>(() => tape.Gradient(y, x));
        Assert.Contains("int32", e.Message);
    }

    [TestMethod]
    public void IntegerSourceGetsNoGradientThroughCast()
    {
        var x = Tensor.FromArray(new[] { 1, 2, 3 });
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Sum(Ops.Square(Ops.Cast(x, DType.Float32)));
        Assert.IsNull(tape.Gradient(y, [x], unconnected: UnconnectedGradients.None)[0], "int -> float casts carry no gradient");
    }

    [TestMethod]
    public void GradientFlowsThroughFloatCastsAndKeepsTheSourceDType()
    {
        var x = F64(0.1, -2.5, 3.25);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Cast(Ops.MultiplyScalar(Ops.Cast(x, DType.Float32), 3), DType.Float64);
        var g = tape.Gradient(Ops.Sum(y), x);
        Assert.AreEqual(DType.Float64, g.DType, "the gradient of a float64 source is float64");
        AssertValues([3.0, 3.0, 3.0], g, 1e-6, "d(3*f32(x))/dx");
    }

    [TestMethod]
    public void Float32GradientsOfFloat32Sources()
    {
        var x = Tensor.FromArray(new float[] { 0.5f, -1.5f });
        using var tape = new GradientTape();
        tape.Watch(x);
        var g = tape.Gradient(Ops.Sum(Ops.Exp(x)), x);
        Assert.AreEqual(DType.Float32, g.DType);
        AssertValues([Math.Exp(0.5), Math.Exp(-1.5)], g, 1e-6, "d exp/dx in float32");
    }

    [TestMethod]
    public void MixedPrecisionGradientsKeepEachSourceDType()
    {
        var a = Tensor.FromArray(new float[] { 1.5f, -2f });
        var b = F64(3.0, 0.25);
        using var tape = new GradientTape();
        tape.Watch([a, b]);
        var y = Ops.Sum(Ops.Multiply(a, b)); // a is promoted to float64
        Assert.AreEqual(DType.Float64, y.DType);
        var grads = tape.Gradient(y, [a, b]);
        Assert.AreEqual(DType.Float32, grads[0]!.DType, "gradient of the float32 source");
        Assert.AreEqual(DType.Float64, grads[1]!.DType, "gradient of the float64 source");
        AssertValues([3.0, 0.25], grads[0]!, 1e-7, "d/da = b");
        AssertValues([1.5, -2.0], grads[1]!, 1e-12, "d/db = a");
    }

    // ---- sources and targets ----

    [TestMethod]
    public void GradientWithRespectToAnIntermediate()
    {
        var x = F64(1.0, -3.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        var h = Ops.MultiplyScalar(x, 2);
        var y = Ops.Sum(Ops.Square(h));
        var grads = tape.Gradient(y, [h, x]);
        AssertValues([4.0, -12.0], grads[0]!, what: "dy/dh = 2h");
        AssertValues([8.0, -24.0], grads[1]!, what: "dy/dx = 8x");
    }

    [TestMethod]
    public void TargetIsTheSource()
    {
        var x = F64(1.0, -3.0, 2.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        AssertValues([1.0, 1.0, 1.0], tape.Gradient(x, x), what: "dx/dx");
    }

    [TestMethod]
    public void TwoOpenTapesBothRecord()
    {
        var x = F64(2.0);
        using var first = new GradientTape();
        using var second = new GradientTape();
        first.Watch(x);
        second.Watch(x);
        var y = Ops.Multiply(Ops.Square(x), x);
        AssertValues([12.0], second.Gradient(y, x), what: "inner tape");
        AssertValues([12.0], first.Gradient(y, x), what: "outer tape");
    }

    [TestMethod]
    public void OpsOnAnotherThreadAreNotRecorded()
    {
        var x = F64(2.0, 3.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Task.Run(() => Ops.Sum(Ops.Square(x))).GetAwaiter().GetResult();
        Assert.IsNull(tape.Gradient(y, [x], unconnected: UnconnectedGradients.None)[0], "tapes are per thread");
    }

    [TestMethod]
    public void EmptyTensorGradients()
    {
        var x = Tensor.FromArray(Array.Empty<double>(), 0, 3);
        var w = Tensor.FromArray(Array.Empty<double>(), 0, 2);
        using var tape = new GradientTape();
        tape.Watch([x, w]);
        var y = Ops.Add(Ops.Sum(Ops.Square(x)), Ops.Sum(Ops.MatMul(Ops.Transpose(x), w)));
        Assert.AreEqual(0.0, y.Item<double>());
        var grads = tape.Gradient(y, [x, w]);
        Assert.AreEqual(new Shape(0, 3), grads[0]!.Shape);
        Assert.AreEqual(new Shape(0, 2), grads[1]!.Shape);
    }

    // ---- Variable ----

    [TestMethod]
    public void VariableAssignReplacesTheValue()
    {
        var v = new Variable(F64(1.0, 2.0), "w");
        Assert.AreEqual("w", v.Name);
        Assert.IsTrue(v.Trainable);
        var snapshot = v.Snapshot();
        v.Assign(F64(5.0, 6.0));
        AssertValues([5.0, 6.0], v, what: "after Assign");
        AssertValues([1.0, 2.0], snapshot, what: "a snapshot keeps the old value");
        v.AssignAdd(F64(0.5, -1.0));
        AssertValues([5.5, 5.0], v, what: "after AssignAdd");
        v.AssignSub(F64(1.5, 2.0));
        AssertValues([4.0, 3.0], v, what: "after AssignSub");
    }

    [TestMethod]
    public void VariableAssignDoesNotChangeTheInitialTensor()
    {
        var init = F64(1.0, 2.0);
        var v = new Variable(init);
        v.Assign(F64(7.0, 8.0));
        AssertValues([1.0, 2.0], init, what: "the tensor the variable was made from");
    }

    [TestMethod]
    public void VariableAssignShapeMismatchThrows()
    {
        var v = new Variable(F64(1.0, 2.0), "w");
        var e = Assert.ThrowsExactly<ArgumentException>(() => v.Assign(F64(1.0, 2.0, 3.0)));
        Assert.AreEqual("Variable 'w': cannot assign a value of shape [3] float64 to a variable of shape [2] float64.", e.Message);
        AssertValues([1.0, 2.0], v, what: "a failed Assign leaves the value");
    }

    [TestMethod]
    public void VariableAssignDTypeMismatchThrows()
    {
        var v = new Variable(F64(1.0, 2.0), "w");
        var e = Assert.ThrowsExactly<ArgumentException>(() => v.Assign(Tensor.FromArray(new float[] { 1, 2 })));
        Assert.Contains("float32", e.Message);
        Assert.Contains("float64", e.Message);
    }

    [TestMethod]
    public void GradientAfterAssignUsesTheNewValue()
    {
        var v = new Variable(F64(1.0), "v");
        v.Assign(F64(4.0));
        using var tape = new GradientTape();
        var y = Ops.Square(v);
        AssertValues([8.0], tape.Gradient(y, v), what: "d v^2 / dv at the assigned value");
    }

    [TestMethod]
    public void AssignAfterTheForwardPassIsRefusedAtGradientTime()
    {
        // As PyTorch: the backward rule would read the new value, so the tape refuses instead of returning
        // a gradient taken at the wrong point (d(v*v)/dv would be 20 instead of 6).
        var v = new Variable(F64(3.0), "v");
        using var tape = new GradientTape();
        var y = Ops.Multiply(v, v);
        v.Assign(F64(10.0));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => tape.Gradient(y, v));
        StringAssert.Contains(e.Message, "variable 'v' was assigned after the recorded computation read it");
    }

    [TestMethod]
    public void AssignAfterTheGradientIsAllowed()
    {
        var v = new Variable(F64(3.0), "v");
        using var tape = new GradientTape(persistent: true);
        var y = Ops.Multiply(v, v);
        AssertValues([6.0], tape.Gradient(y, v), what: "d(v*v)/dv at 3");
        v.Assign(F64(10.0));
        AssertValues([10.0], v, what: "the assigned value");
    }

    // ---- gradients nobody asked for are not computed ----

    [TestMethod]
    [DataRow("matmul")]
    [DataRow("multiply")]
    [DataRow("conv2d")]
    public void TheGradientOfAnUntrackedInputIsNotComputed(string op)
    {
        int Made(bool watchX)
        {
            using var scope = new TensorScope();
            var x = Ops.RandomNormal([2, 3, 5, 5], seed: 1);
            var w = new Variable(Ops.RandomNormal(op == "conv2d" ? [4, 3, 3, 3] : [2, 3, 5, 5], seed: 2), "w");
            using var tape = new GradientTape();
            if (watchX) tape.Watch(x);
            var y = op switch
            {
                "matmul" => Ops.MatMul(x, w),
                "multiply" => Ops.Multiply(x, w),
                _ => Ops.Conv2d(x, w),
            };
            var loss = Ops.Sum(y);
            int before = scope.Count;
            var grads = tape.Gradient(loss, [w, x], unconnected: UnconnectedGradients.None);
            Assert.IsNotNull(grads[0]);
            Assert.AreEqual(watchX, grads[1] is not null);
            int made = scope.Count - before;
            w.Dispose();
            return made;
        }
        // The tape differentiates to w only, so the op must not build x's gradient just to throw it away.
        Assert.IsLessThan(Made(watchX: true), Made(watchX: false), "tensors made by Gradient");
    }

    // ---- end to end ----

    [TestMethod]
    public void ManualSgdFitsALine()
    {
        var xs = Enumerable.Range(0, 16).Select(i => -1f + 2f * i / 15).ToArray();
        var x = Tensor.FromArray(xs);
        var y = Tensor.FromArray(xs.Select(v => 2f * v + 1f).ToArray());
        var w = new Variable(Tensor.Scalar(0f), "w");
        var b = new Variable(Tensor.Scalar(0f), "b");
        double lastLoss = double.NaN;
        for (int step = 0; step < 200; step++)
        {
            Tensor?[] grads;
            using (var tape = new GradientTape())
            {
                var pred = Ops.Add(Ops.Multiply(x, w), b);
                var loss = Ops.Mean(Ops.Square(Ops.Subtract(pred, y)));
                lastLoss = loss.Item<float>();
                grads = tape.Gradient(loss, [w, b]);
            }
            Assert.AreEqual(DType.Float32, grads[0]!.DType);
            w.AssignSub(Ops.MultiplyScalar(grads[0]!, 0.1));
            b.AssignSub(Ops.MultiplyScalar(grads[1]!, 0.1));
        }
        Assert.AreEqual(2.0, w.Item<float>(), 1e-2, "w");
        Assert.AreEqual(1.0, b.Item<float>(), 1e-2, "b");
        Assert.IsLessThan(1e-4, lastLoss, "final loss");
    }

    [TestMethod]
    public void AnyOpenIsTrueWhileATapeIsOpenOnThisThreadOnly()
    {
        Assert.IsFalse(GradientTape.AnyOpen);
        using (var outer = new GradientTape())
        {
            Assert.IsTrue(GradientTape.AnyOpen);
            using (var inner = new GradientTape()) Assert.IsTrue(GradientTape.AnyOpen);
            Assert.IsTrue(GradientTape.AnyOpen, "the outer tape is still open");
            bool elsewhere = true;
            var t = new Thread(() => elsewhere = GradientTape.AnyOpen);
            t.Start();
            t.Join();
            Assert.IsFalse(elsewhere, "tapes belong to the thread that opened them");
        }
        Assert.IsFalse(GradientTape.AnyOpen);
    }
}
