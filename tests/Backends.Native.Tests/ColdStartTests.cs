using System.Reflection;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// Issue 11, item 9: the kernels that carry a forward pass's work are compiled fully optimised at their first call
/// (a fresh process otherwise runs them as tier-0 code, 10-30x slower, until they have been called ~30 times).
/// </summary>
[TestClass]
public class ColdStartTests
{
    private static readonly (Type Type, string Method)[] HotKernels =
    [
        (typeof(ElementwiseKernels), "Run"), (typeof(ElementwiseKernels), "UnaryRun"), (typeof(ElementwiseKernels), "RowRange"),
        (typeof(SimdArithmetic), "Run"), (typeof(SimdArithmetic), "Max"), (typeof(ReluKernel), "Run"), (typeof(ExpFloat), "Run"),
        (typeof(SoftmaxKernels), "Row"), (typeof(SoftmaxKernels), "Slab"), (typeof(PairwiseSum), "Node"), (typeof(PairwiseSum), "Leaf"),
        (typeof(PairwiseRow), "Counter"), (typeof(GemmPacking), "PackA"), (typeof(GemmPacking), "PackB"), (typeof(Im2Col), "Unfold"),
        (typeof(ImplicitColumns), "Pack"), (typeof(MaxPool2x2), "Forward"), (typeof(BlockTranspose), "Band8"),
    ];

    [TestMethod]
    public void HotKernelsAreCompiledOptimisedAtTheirFirstCall()
    {
        foreach (var (type, name) in HotKernels)
        {
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
                .Where(m => m.Name == name).ToList();
            Assert.IsNotEmpty(methods, $"{type.Name}.{name} not found");
            foreach (var m in methods)
                Assert.IsTrue(m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization),
                    $"{type.Name}.{name} is not marked AggressiveOptimization: a fresh process runs it as tier-0 code");
        }
    }
}
