using static KerasSharp.Tests.GradientCheck;
using static KerasSharp.Tests.SecondOrder;

namespace KerasSharp.Tests;

/// <summary>Float64 finite-difference checks of einsum: its gradient comes from the ops it is built of.</summary>
[TestClass]
public sealed class GradientCheckEinsumTests
{
    private static readonly GradCases Cases = new()
    {
        { "abc,cde->abde", x => Ops.Einsum("abc,cde->abde", x), Any([2, 3, 4], 1), Any([4, 2, 3], 2) },
        { "aecd,abcd->acbe", x => Ops.Einsum("aecd,abcd->acbe", x), Any([2, 4, 2, 3], 3), Any([2, 3, 2, 3], 4) },
        { "acbe,aecd->abcd", x => Ops.Einsum("acbe,aecd->abcd", x), Any([2, 2, 3, 4], 5), Any([2, 4, 2, 3], 6) },
        { "abcd,cde->abe", x => Ops.Einsum("abcd,cde->abe", x), Any([2, 3, 2, 3], 7), Any([2, 3, 4], 8) },
        { "ij,jk->ik", x => Ops.Einsum("ij,jk->ik", x), Any([3, 4], 9), Any([4, 2], 10) },
        { "bij,bjk->bik", x => Ops.Einsum("bij,bjk->bik", x), Any([2, 3, 4], 11), Any([2, 4, 2], 12) },
        { "ii->i", x => Ops.Einsum("ii->i", x), Any([4, 4], 13) },
        { "ii (trace)", x => Ops.Einsum("ii", x), Any([3, 3], 14) },
        { "iji->ij", x => Ops.Einsum("iji->ij", x), Any([3, 2, 3], 15) },
        { "...ij,...jk->...ik broadcast", x => Ops.Einsum("...ij,...jk->...ik", x), Any([2, 1, 3, 4], 16), Any([3, 4, 2], 17) },
        { "ij,ij->ij size-1 broadcast", x => Ops.Einsum("ij,ij->ij", x), Any([2, 1], 18), Any([2, 3], 19) },
        { "ab,bc,cd->ad", x => Ops.Einsum("ab,bc,cd->ad", x), Any([2, 3], 20), Any([3, 4], 21), Any([4, 2], 22) },
        { "bij,bjk,bk->bi", x => Ops.Einsum("bij,bjk,bk->bi", x), Any([2, 3, 4], 23), Any([2, 4, 2], 24), Any([2, 2], 25) },
        { "i,i (implicit dot)", x => Ops.Einsum("i,i", x), Any([5], 26), Any([5], 27) },
        { "d/dx x·xᵀ through einsum", GradOf(x => Ops.Einsum("ij,kj->ik", x[0], x[0])), Any([2, 3], 28) },
        { "d/da (abc,cde->abde)^2", GradOf(x => Ops.Square(Ops.Einsum("abc,cde->abde", x)), 0), Any([2, 2, 3], 29), Any([3, 2, 2], 30) },
    };

    public static IEnumerable<object[]> CaseNames => Cases.Names;

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void Gradient(string name) => Cases.Run(name);
}
