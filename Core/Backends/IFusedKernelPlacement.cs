namespace KerasSharp.Backends;

/// <summary>
/// Says on which devices a backend's fused kernels (<see cref="IFusedLossKernels"/>, <see cref="IChannelsLastKernels"/>
/// and the other optional kernel interfaces) run. A backend without it runs them wherever its tensors live; where it
/// answers false, Core composes the op from primitives instead.
/// </summary>
public interface IFusedKernelPlacement
{
    /// <summary>Whether the kernels of interface <paramref name="kernels"/> run on <paramref name="device"/>.</summary>
    bool RunsFused(Type kernels, Device device);
}

/// <summary>Core's one test for "use the backend's fused kernels for this tensor".</summary>
internal static class FusedKernels
{
    /// <summary>The backend of <paramref name="x"/> as <typeparamref name="TKernels"/> when it has them and runs them on x's device.</summary>
    public static bool TryGet<TKernels>(Tensor x, out TKernels kernels) where TKernels : class
    {
        if (x.Backend is TKernels k && (x.Backend is not IFusedKernelPlacement p || p.RunsFused(typeof(TKernels), x.Device)))
        {
            kernels = k;
            return true;
        }
        kernels = null!;
        return false;
    }
}
