namespace KerasSharp.Models;

public partial class Model
{
    /// <summary>
    /// Moves the model to <paramref name="device"/>: every layer's weights, the compiled optimizer's state, and weights
    /// and optimizer slots created later. Feed it inputs on that device (<c>tensor.To(device)</c>, or
    /// <see cref="Device.Default"/> for tensors made from host data). Returns this model.
    /// </summary>
    public override Model To(Device device)
    {
        base.To(device);
        Optimizer?.To(device);
        return this;
    }
}
