using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// A model's state in Keras 3's <c>model.weights.h5</c> layout: for every layer of the <see cref="WeightTree"/> a
/// group <c>{path}/vars</c> holding its weights as datasets <c>0</c>, <c>1</c>, ... in creation order (kept even when
/// empty, as Keras does), a random layer's generator state under <c>{path}/seed_generator/vars/0</c>, and the
/// optimizer's state under <c>optimizer/vars</c>.
/// </summary>
internal static class KerasWeightsFile
{
    private const string OptimizerGroup = "optimizer";

    public static void Write(Model model, H5Writer h5)
    {
        foreach (var node in WeightTree.Of(model).All())
        {
            WriteVars(h5, node.H5Path, node.Weights.Select(w => (Tensor)w.Weight).ToList());
            var seeds = node.Layer.SeedGenerators;
            for (int j = 0; j < seeds.Count; j++)
            {
                using var state = Tensor.FromArray(seeds[j].State);
                WriteVars(h5, Join(node.H5Path, SeedGroup(j)), [state]);
            }
        }
        if (model.Optimizer is { } optimizer)
        {
            var state = optimizer.SavedState();
            WriteVars(h5, OptimizerGroup, state);
            // The learning rate is a tensor made for the file; the rest are the optimizer's own variables.
            foreach (var t in state) if (t is not Variable) t.Dispose();
        }
    }

    private static void WriteVars(H5Writer h5, string path, IReadOnlyList<Tensor> values)
    {
        var vars = Join(path, "vars");
        h5.CreateGroup(vars);
        for (int i = 0; i < values.Count; i++) h5.AddDataset($"{vars}/{i}", values[i]);
    }

    /// <summary>
    /// Plans reading <paramref name="model"/>'s state from <paramref name="h5"/>: every weight must be there with its
    /// shape, and the file must hold no weights the model lacks. The optimizer's state, when the model is compiled and
    /// the file has one, is read as <paramref name="optimizer"/> says (its slots are made first when the file has them
    /// and the optimizer has not made them yet). Fails listing every mismatch before anything is read.
    /// </summary>
    public static LoadPlan Plan(Model model, H5Reader h5, OptimizerState optimizer)
    {
        var plan = new LoadPlan();
        var problems = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in WeightTree.Of(model).All())
        {
            string where = node.H5Path.Length == 0 ? $"model '{model.Name}'" : $"layer '{node.Layer.Name}' ({node.H5Path})";
            visited.Add(Normalize(node.H5Path));
            PlanVars(h5, node.H5Path, node.Weights.Select(w => w.Weight).ToList(), where, plan, problems);
            var seeds = node.Layer.SeedGenerators;
            for (int j = 0; j < seeds.Count; j++)
            {
                var seed = seeds[j];
                string path = $"{Join(node.H5Path, SeedGroup(j))}/vars/0";
                visited.Add(Normalize(Join(node.H5Path, SeedGroup(j))));
                // Files from before a layer had a generator simply lack it: the generator keeps its state.
                if (!h5.DatasetExists(path)) continue;
                if (h5.GetDatasetInfo(path).Shape != new Shape(2)) { problems.Add($"{path} is not a seed generator state of 2 values"); continue; }
                var before = seed.State;
                plan.Apply(() => h5.ReadTensor(path), v => seed.State = v.ToArray<long>(), () => seed.State = before);
            }
        }
        foreach (var extra in GroupsWithData(h5, "/").Where(g => !visited.Contains(g)))
            problems.Add($"the file has values at {extra}, which no layer of the model has");
        if (optimizer != OptimizerState.Skip && model.Optimizer is { } compiled && h5.GroupExists($"{OptimizerGroup}/vars"))
        {
            var optimizerPlan = new LoadPlan();
            var optimizerProblems = new List<string>();
            PlanOptimizer(model, compiled, h5, optimizerPlan, optimizerProblems);
            if (optimizerProblems.Count == 0) plan.Add(optimizerPlan);
            else if (optimizer == OptimizerState.Required) problems.AddRange(optimizerProblems);
            else
                // As Keras's load_weights: weights into a model compiled with another optimizer load; its state does not.
                Console.Error.WriteLine($"Warning: '{h5.DisplayName}': the optimizer's state was not loaded: {string.Join("; ", optimizerProblems)}.");
        }
        if (problems.Count > 0)
            throw new ArgumentException(
                $"'{h5.DisplayName}' does not fit model '{model.Name}' ({problems.Count} problems, nothing was loaded): " +
                string.Join("; ", problems.Take(20)) + (problems.Count > 20 ? "; ..." : "") + ".");
        return plan;
    }

    private static void PlanVars(H5Reader h5, string path, IReadOnlyList<Variable> weights, string where, LoadPlan plan, List<string> problems)
    {
        string vars = Join(path, "vars");
        var names = h5.GroupExists(vars) ? h5.ListDatasets(vars) : [];
        if (names.Count != weights.Count)
        {
            if (weights.Count > 0 || names.Count > 0)
                problems.Add($"{where} has {weights.Count} weights but the file has {names.Count} at {vars}");
            return;
        }
        for (int i = 0; i < weights.Count; i++)
        {
            string dataset = $"{vars}/{i}";
            if (!h5.DatasetExists(dataset)) { problems.Add($"{where}: the file has no {dataset}"); continue; }
            var info = h5.GetDatasetInfo(dataset);
            if (info.Shape != weights[i].Shape)
                problems.Add($"{where}: weight '{weights[i].Name}' is {weights[i].Shape} but {dataset} is {info.Shape}");
            else plan.Assign(weights[i], () => h5.ReadTensor(dataset));
        }
    }

    private static void PlanOptimizer(Model model, Optimizers.Optimizer optimizer, H5Reader h5, LoadPlan plan, List<string> problems)
    {
        string vars = $"{OptimizerGroup}/vars";
        int inFile = h5.ListDatasets(vars).Count;
        var (withoutSlots, slots) = optimizer.SavedStateCount;
        // The file's optimizer had made its slots: make ours, for the model's trainable weights as training would.
        if (slots == 0 && inFile > withoutSlots) optimizer.Build(model.TrainableWeights);
        var targets = optimizer.RestoreTargets();
        if (targets.Count != inFile)
        {
            problems.Add($"the optimizer ({optimizer.GetType().Name}) keeps {targets.Count} values but the file has {inFile} at {vars} (another optimizer, or another model)");
            return;
        }
        for (int i = 0; i < targets.Count; i++)
        {
            string dataset = $"{vars}/{i}";
            var info = h5.GetDatasetInfo(dataset);
            var (target, set, undo) = targets[i];
            var expected = target?.Shape ?? Shape.Scalar;
            if (info.Shape != expected) { problems.Add($"optimizer value {i} is {expected} but {dataset} is {info.Shape}"); continue; }
            if (target is not null) plan.Assign(target, () => h5.ReadTensor(dataset));
            else plan.Apply(() => h5.ReadTensor(dataset), set!, undo!);
        }
    }

    // Every group that directly holds a "vars" group with datasets, as normalized paths without "/vars"; the optimizer's
    // state and Keras's metric state (top-level "metrics", "_compile_metrics", "_loss_tracker", ...), which KerasSharp
    // does not keep, are not weights.
    private static IEnumerable<string> GroupsWithData(H5Reader h5, string root)
    {
        foreach (var child in h5.ListGroups(root))
        {
            string path = root == "/" ? $"/{child}" : $"{root}/{child}";
            if (child == "vars")
            {
                if (h5.ListDatasets(path).Count > 0) yield return root;
                continue;
            }
            if (root == "/" && (child == OptimizerGroup || child.Contains("metric", StringComparison.Ordinal) || child.Contains("loss_tracker", StringComparison.Ordinal)))
                continue;
            foreach (var g in GroupsWithData(h5, path)) yield return g;
        }
    }

    private static string SeedGroup(int index) => index == 0 ? "seed_generator" : $"seed_generator_{index}";

    private static string Normalize(string path) => "/" + path.TrimStart('/');

    private static string Join(string a, string b) => a.Length == 0 ? b : $"{a}/{b}";
}

/// <summary>What a weights load does with the optimizer's state in the file.</summary>
internal enum OptimizerState
{
    /// <summary>Leave the optimizer as it is.</summary>
    Skip,
    /// <summary>Load it when it fits this optimizer; warn and leave it when it does not (weights into a model compiled anew).</summary>
    IfItFits,
    /// <summary>Load it; a mismatch is an error (a whole model loaded from its own file).</summary>
    Required,
}
