using KerasSharp.Models;

namespace KerasSharp.Callbacks;

/// <summary>Forwards each hook to every callback, in order (the loops talk to this one object).</summary>
internal sealed class CallbackList(IEnumerable<ICallback> callbacks)
{
    private readonly ICallback[] _callbacks = callbacks.ToArray();

    public void Setup(Model model, TrainingParameters parameters)
    {
        foreach (var c in _callbacks) { c.SetModel(model); c.SetParams(parameters); }
    }

    public void Each(Action<ICallback> hook)
    {
        foreach (var c in _callbacks) hook(c);
    }
}
