namespace KerasSharp.Backends.Native;

/// <summary>
/// A run of adjacent axes that are all reduced or all kept, as one axis of their product's size. A reduction is
/// planned on these: size-1 axes are dropped, so [N, C, H, W] over {0, 2, 3} is [N | C | H*W], reduced, kept, reduced.
/// </summary>
internal readonly record struct ReduceGroup(int Size, bool Reduced)
{
    /// <summary>The groups of a shape, given which of its axes are reduced.</summary>
    public static List<ReduceGroup> Of(ReadOnlySpan<int> dims, bool[] reduced)
    {
        var groups = new List<ReduceGroup>(dims.Length);
        for (int d = 0; d < dims.Length; d++)
        {
            if (dims[d] == 1) continue;
            if (groups.Count > 0 && groups[^1].Reduced == reduced[d]) groups[^1] = groups[^1] with { Size = groups[^1].Size * dims[d] };
            else groups.Add(new ReduceGroup(dims[d], reduced[d]));
        }
        return groups;
    }

    /// <summary>Drops group <paramref name="g"/> once it is reduced away, joining the kept groups on either side.</summary>
    public static void Remove(List<ReduceGroup> groups, int g)
    {
        groups.RemoveAt(g);
        if (g > 0 && g < groups.Count && groups[g - 1].Reduced == groups[g].Reduced)
        {
            groups[g - 1] = groups[g - 1] with { Size = groups[g - 1].Size * groups[g].Size };
            groups.RemoveAt(g);
        }
    }
}
