namespace KerasSharp.Models;

/// <summary>
/// A load that is all or nothing: every check runs while the plan is built (shapes and counts against the file's
/// metadata), then <see cref="Run"/> reads and assigns each value; if anything fails part way (an I/O error), every
/// value already assigned is put back as it was.
/// </summary>
internal sealed class LoadPlan
{
    private readonly List<(Func<Tensor> Read, Variable? Target, Action<Tensor>? Set, Action? Undo)> _steps = [];

    /// <summary>Reads a value and assigns it to <paramref name="target"/> (converted to its dtype, moved to its backend and device).</summary>
    public void Assign(Variable target, Func<Tensor> read) => _steps.Add((read, target, null, null));

    /// <summary>Reads a value and hands it to <paramref name="set"/>; <paramref name="undo"/> puts things back.</summary>
    public void Apply(Func<Tensor> read, Action<Tensor> set, Action undo) => _steps.Add((read, null, set, undo));

    /// <summary>Appends another plan's steps.</summary>
    public void Add(LoadPlan other) => _steps.AddRange(other._steps);

    public void Run()
    {
        var done = new List<(Variable? Target, Tensor? Before, Action? Undo)>();
        try
        {
            foreach (var (read, target, set, undo) in _steps)
            {
                using var value = read();
                if (target is not null)
                {
                    using var fitted = FitTo(value, target);
                    var before = target.Snapshot();
                    target.Assign(fitted);
                    done.Add((target, before, null));
                }
                else
                {
                    set!(value);
                    done.Add((null, null, undo));
                }
            }
        }
        catch
        {
            for (int i = done.Count - 1; i >= 0; i--)
            {
                if (done[i].Target is { } t) t.Assign(done[i].Before!);
                else done[i].Undo!();
            }
            throw;
        }
        finally
        {
            foreach (var d in done) d.Before?.Dispose();
        }
    }

    /// <summary>The value in <paramref name="target"/>'s dtype, on its backend and device (a tensor the caller owns).</summary>
    public static Tensor FitTo(Tensor value, Variable target)
    {
        var moved = ReferenceEquals(value.Backend, target.Backend) && value.Device == target.Device ? value : value.To(target.Backend, target.Device);
        var cast = moved.DType == target.DType ? moved : Ops.Cast(moved, target.DType);
        if (ReferenceEquals(cast, value)) return Ops.StopGradient(value);
        if (!ReferenceEquals(moved, value) && !ReferenceEquals(moved, cast)) moved.Dispose();
        return cast;
    }
}
