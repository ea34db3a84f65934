using System.Runtime.InteropServices;
using KerasSharp.Backends.Native.Gpu;
using KerasSharp.Backends.Native.Gpu.Cublas;

namespace KerasSharp.Backends.Native.Tests.Gpu;

/// <summary>What of the cuBLAS binding can be checked without a GPU: probing order, messages, the TF32 default.</summary>
[TestClass]
public class CublasProbeTests
{
    [TestMethod]
    public void ProbesCuda13ThenCuda12()
    {
        if (OperatingSystem.IsWindows()) return;
        CollectionAssert.AreEqual(new[] { "libcublas.so.13", "libcublas.so.12" }, CublasLibrary.Candidates(null).ToArray());
        var tried = new List<string>();
        var (api, error) = CublasLibrary.Probe(null, name => { tried.Add(name); return IntPtr.Zero; });
        Assert.IsNull(api);
        CollectionAssert.AreEqual(new[] { "libcublas.so.13", "libcublas.so.12" }, tried);
        StringAssert.Contains(error, "cuBLAS: no usable library; tried libcublas.so.13 (not found), libcublas.so.12 (not found).");
        StringAssert.Contains(error, "KERASSHARP_CUBLAS_PATH");
    }

    [TestMethod]
    public void ThePathVariableIsTheOnlyCandidateWhenSet()
    {
        CollectionAssert.AreEqual(new[] { "/opt/x/libcublas.so.13" }, CublasLibrary.Candidates("/opt/x/libcublas.so.13").ToArray());
        var (api, error) = CublasLibrary.Probe("/opt/x/libcublas.so.13", _ => IntPtr.Zero);
        Assert.IsNull(api);
        StringAssert.Contains(error, "tried /opt/x/libcublas.so.13 (not found)");
        StringAssert.Contains(error, "KERASSHARP_CUBLAS_PATH is set");
    }

    [TestMethod]
    public void ALibraryWithoutTheFunctionsIsSkippedAndNamed()
    {
        if (!OperatingSystem.IsLinux()) return;
        var libc = NativeLibrary.Load("libc.so.6");
        var (api, error) = CublasLibrary.Probe(null, name => name == "libcublas.so.13" ? libc : IntPtr.Zero);
        Assert.IsNull(api);
        StringAssert.Contains(error, "libcublas.so.13 (no export cublasCreate_v2), libcublas.so.12 (not found)");
    }

    [TestMethod]
    public void NoCublasHereAndTheReasonIsKept()
    {
        // this machine has no CUDA: the process-wide probe finds nothing and says what it tried
        if (CublasLibrary.Api is not null) return; // a machine with cuBLAS installed: nothing to check here
        StringAssert.StartsWith(CublasLibrary.LoadError, "cuBLAS: no usable library; tried ");
    }

    [TestMethod]
    public void Tf32IsOffByDefault()
    {
        if (Environment.GetEnvironmentVariable("KERASSHARP_ALLOW_TF32") is not null) return;
        Assert.IsFalse(GpuMath.AllowTf32);
    }

    [TestMethod]
    public void StatusNamesAreReadable()
    {
        Assert.AreEqual("CUBLAS_STATUS_NOT_SUPPORTED", CublasConstants.StatusName(15));
        Assert.AreEqual("unknown status", CublasConstants.StatusName(99));
    }
}
