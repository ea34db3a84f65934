namespace KerasSharp.Optimizers;

/// <summary>
/// A scalar optimizer state (the iteration count, Nadam's momentum product) kept in a <see cref="Variable"/>
/// so it is saved and restored with the rest, with a host copy so reading it costs no device round trip.
/// When something else assigns the variable (a checkpoint load), the copy is refreshed from it.
/// </summary>
internal sealed class HostScalar
{
    private double _value;
    private Backends.TensorStorage _seen;

    public HostScalar(string name, double value, DType dtype)
    {
        using var init = Ops.Full([], value, dtype);
        Variable = new Variable(init, name, trainable: false);
        _value = value;
        _seen = Variable.Storage;
    }

    public Variable Variable { get; }

    public double Value
    {
        get
        {
            var storage = Variable.Storage;
            if (!ReferenceEquals(storage, _seen))
            {
                _value = Variable.Item<double>();
                _seen = storage;
            }
            return _value;
        }
        set
        {
            using var t = Variable.Backend.Full(Shape.Scalar, Variable.DType, value, Variable.Device);
            Variable.Assign(t);
            _value = value;
            _seen = Variable.Storage;
        }
    }
}
