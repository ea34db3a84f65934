namespace KerasSharp.Layers;

/// <summary>Registers the built-in initializers, regularizers and constraints by their Keras names.</summary>
internal static class InitializerCatalog
{
    private static volatile bool _done;
    private static readonly Lock Gate = new();

    public static void EnsureRegistered()
    {
        if (_done) return;
        // A lock, not a flag swap: a second thread must not look names up before the first has filled the tables.
        lock (Gate)
        {
            if (_done) return;
            RegisterInitializers();
            RegisterRegularizers();
            RegisterConstraints();
            _done = true;
        }
    }

    /// <summary>A new object from <paramref name="registry"/>; an unknown name fails with the list of known ones.</summary>
    public static T Create<T>(Dictionary<string, Func<T>> registry, string kind, string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        EnsureRegistered();
        if (registry.TryGetValue(identifier, out var make)) return make();
        throw new ArgumentException($"Unknown {kind} '{identifier}'. Known {kind}s: {string.Join(", ", registry.Keys.Order())}.");
    }

    // Keras accepts the snake_case name, the class name and a few legacy aliases; lookups ignore case.
    private static void Add<T>(Dictionary<string, Func<T>> registry, Func<T> make, params string[] names)
    {
        foreach (var n in names) registry.TryAdd(n, make);
    }

    private static void RegisterInitializers()
    {
        var r = Initializer.Registry;
        Add(r, () => new GlorotUniform(), "glorot_uniform", "GlorotUniform");
        Add(r, () => new GlorotNormal(), "glorot_normal", "GlorotNormal");
        Add(r, () => new HeUniform(), "he_uniform", "HeUniform");
        Add(r, () => new HeNormal(), "he_normal", "HeNormal");
        Add(r, () => new LecunUniform(), "lecun_uniform", "LecunUniform");
        Add(r, () => new LecunNormal(), "lecun_normal", "LecunNormal");
        Add(r, () => new Zeros(), "zeros", "Zeros", "zero");
        Add(r, () => new Ones(), "ones", "Ones", "one");
        Add(r, () => new Constant(), "constant", "Constant");
        Add(r, () => new RandomNormal(), "random_normal", "RandomNormal", "normal");
        Add(r, () => new RandomUniform(), "random_uniform", "RandomUniform", "uniform");
        Add(r, () => new TruncatedNormal(), "truncated_normal", "TruncatedNormal");
        Add(r, () => new Orthogonal(), "orthogonal", "Orthogonal", "orthogonal_initializer", "OrthogonalInitializer");
        Add(r, () => new VarianceScaling(), "variance_scaling", "VarianceScaling");
    }

    private static void RegisterRegularizers()
    {
        var r = Regularizer.Registry;
        Add(r, () => new L1(), "l1", "L1");
        Add(r, () => new L2(), "l2", "L2");
        Add(r, () => new L1L2(), "l1_l2", "L1L2");
    }

    private static void RegisterConstraints()
    {
        var r = Constraint.Registry;
        Add(r, () => new MaxNorm(), "max_norm", "MaxNorm");
        Add(r, () => new NonNeg(), "non_neg", "NonNeg");
        Add(r, () => new UnitNorm(), "unit_norm", "UnitNorm");
    }
}
