// Loads the torch backend in a fresh process and runs one matmul; exit code 0 and "matmul=" on success.
using KerasSharp;

try
{
    Backend.Set("torch");
    using var a = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
    using var c = Ops.MatMul(a, a);
    Console.WriteLine("matmul=" + string.Join(",", c.ToArray<float>()));
    Console.WriteLine("backend=" + c.Backend.Name);
    Console.WriteLine("startup=" + KerasSharp.Backends.Torch.TorchBackend.StartupReport);
    return 0;
}
catch (Exception e)
{
    Console.WriteLine("error=" + e.Message);
    return 1;
}
