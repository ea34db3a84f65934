using System.Collections;
using System.Globalization;
using System.Reflection;

namespace KerasSharp.Saving;

/// <summary>
/// Builds an object from its config as Keras's default <c>from_config</c> (<c>cls(**config)</c>) does: a public
/// static <c>FromConfig</c> when the class declares one, else the first public constructor whose parameters the
/// config fills (keys matched ignoring case and underscores, so <c>use_bias</c> fills <c>useBias</c> and
/// <c>beta_1</c> fills <c>beta1</c>), then public settable properties for the keys left over (<c>trainable</c>).
/// A key that fits nothing is an error unless it is one of Keras's settings that hold their default value.
/// </summary>
internal static class ConfigBinder
{
    // Keys Keras writes that KerasSharp has no use for, accepted while they hold the value that means "off".
    private static readonly Dictionary<string, Func<object?, bool>> Inert = new(StringComparer.Ordinal)
    {
        ["autocast"] = v => v is true or null,
        ["sparse"] = v => v is false or null,
        ["ragged"] = v => v is false or null,
        ["optional"] = v => v is false or null,
        ["use_ema"] = v => v is false or null,
        ["ema_momentum"] = _ => true,
        ["ema_overwrite_frequency"] = v => v is null,
        ["loss_scale_factor"] = v => v is null,
        ["gradient_accumulation_steps"] = v => v is null,
        ["is_legacy_optimizer"] = v => v is false or null,
        ["jit_compile"] = _ => true,
        ["lora_rank"] = v => v is null,
        ["lora_alpha"] = v => v is null,
        ["quantization_config"] = v => v is null,
        // MultiHeadAttention: whether to force the flash kernel, a speed setting (KerasSharp picks its fused kernel itself).
        ["flash_attention"] = v => v is null or bool,
        ["input_dim"] = _ => true,
        // Keras's base Layer writes this for every layer; layers without an activity penalty accept it when unset.
        ["activity_regularizer"] = v => v is null,
        // Initializers of newer Keras versions: the axes that count as fans (null: Keras's usual rule, which is ours).
        ["input_axes"] = v => v is null,
        ["output_axes"] = v => v is null,
        // BatchNormalization: cross-replica statistics and batch renormalization.
        ["synchronized"] = v => v is false or null,
        ["renorm"] = v => v is false or null,
        ["renorm_clipping"] = v => v is null,
        ["renorm_momentum"] = v => v is 0.99 or null,
        // Losses whose class axis is always the last (SparseCategoricalCrossentropy).
        ["axis"] = v => v is -1L or -1.0 or null,
        // Metrics compute in float32 (Keras writes the metric's dtype as a string).
        ["dtype"] = v => v is "float32" or null,
        // Precision and Recall over all classes and thresholds, not one class or the top k.
        ["top_k"] = v => v is null,
        ["class_id"] = v => v is null,
        // AUC: single-label, interpolated, thresholds spread evenly.
        ["summation_method"] = v => v is "interpolation" or null,
        ["multi_label"] = v => v is false or null,
        ["num_labels"] = v => v is null,
        ["label_weights"] = v => v is null,
        ["thresholds"] = v => v is null,
        // R2Score: plain, not adjusted, R².
        ["num_regressors"] = v => v is 0L or 0.0 or null,
    };

    public static object Construct(Type type, Dictionary<string, object?> config, string what)
    {
        var fromConfig = FromConfigMethod(type);
        if (fromConfig is not null)
            return Invoke(() => fromConfig.Invoke(null, [new Dictionary<string, object?>(config)]), what)!;
        var (build, problems) = Bind(type, config);
        return build is not null ? build(what) : throw new ArgumentException($"Cannot build {what} from its config: " +
            (problems.Count == 0 ? $"{type.Name} has no public constructor and no static FromConfig." : string.Join("; ", problems.Distinct())) + ".");
    }

    /// <summary>
    /// Null when <paramref name="config"/> can rebuild a <paramref name="type"/> (a static FromConfig, or a constructor
    /// the config fills), else why not: checked when a custom object is saved, so a GetConfig that misses a constructor
    /// argument fails at Save rather than at the next Load.
    /// </summary>
    public static string? WhyNotBuildable(Type type, Dictionary<string, object?> config)
    {
        if (FromConfigMethod(type) is not null) return null;
        var (build, problems) = Bind(type, config);
        return build is not null ? null : problems.Count == 0 ? $"{type.Name} has no public constructor" : string.Join("; ", problems.Distinct());
    }

    private static MethodInfo? FromConfigMethod(Type type) =>
        type.GetMethod("FromConfig", BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly, [typeof(Dictionary<string, object?>)])
            is { } m && type.IsAssignableFrom(m.ReturnType) ? m : null;

    // The first constructor the config fills, with the settable properties for its leftover keys, ready to run. Keras
    // takes a bare number where a tuple of numbers is expected (MultiHeadAttention's output_shape=8): a second round
    // lets a number fill a number-array parameter, after no constructor took the config as it is (Precision(0.4)
    // keeps its scalar constructor).
    private static (Func<string, object>? Build, List<string> Problems) Bind(Type type, Dictionary<string, object?> config)
    {
        var problems = new List<string>();
        foreach (bool numberAsArray in new[] { false, true })
        foreach (var ctor in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            if (!TryBind(ctor, config, numberAsArray, out var args, out var used, out var problem)) { problems.Add(problem); continue; }
            var leftover = config.Keys.Where(k => !used.Contains(k)).ToList();
            var setters = new List<(PropertyInfo Property, object? Value)>();
            string? bad = null;
            foreach (var key in leftover)
            {
                var property = FindProperty(type, key);
                if (property is not null)
                {
                    if (TryConvert(config[key], property.PropertyType, out var v, out var why)) setters.Add((property, v));
                    else bad = $"'{key}': {why}";
                }
                else if (!(Inert.TryGetValue(key, out var inert) && inert(config[key])))
                    bad = $"'{key}' is not an argument of {type.Name} ({Describe(ctor)})";
                if (bad is not null) break;
            }
            if (bad is not null) { problems.Add(bad); continue; }
            return (what =>
            {
                var obj = Invoke(() => ctor.Invoke(args), what)!;
                foreach (var (property, value) in setters) Invoke(() => { property.SetValue(obj, value); return null; }, what);
                return obj;
            }, problems);
        }
        return (null, problems);
    }

    private static object? Invoke(Func<object?> call, string what)
    {
        try { return call(); }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // The class's own argument checks speak for themselves; say which object they were building.
            throw e.InnerException is ArgumentException arg
                ? new ArgumentException($"Cannot build {what} from its config: {arg.Message}", arg)
                : e.InnerException;
        }
    }

    private static bool TryBind(ConstructorInfo ctor, Dictionary<string, object?> config, bool numberAsArray, out object?[] args, out HashSet<string> used,
                                out string problem)
    {
        var parameters = ctor.GetParameters();
        args = new object?[parameters.Length];
        used = new HashSet<string>(StringComparer.Ordinal);
        problem = "";
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            string? key = config.Keys.FirstOrDefault(k => Normalize(k) == Normalize(p.Name!));
            if (key is null)
            {
                if (!p.HasDefaultValue) { problem = $"the config has no '{SnakeCase(p.Name!)}' for {Describe(ctor)}"; return false; }
                args[i] = p.DefaultValue;
                continue;
            }
            object? value = numberAsArray && config[key] is long or double && p.ParameterType.IsArray && IsNumber(p.ParameterType.GetElementType()!)
                ? new List<object?> { config[key] }
                : config[key];
            if (!TryConvert(value, p.ParameterType, out args[i], out var why)) { problem = $"'{key}': {why}"; return false; }
            used.Add(key);
        }
        return true;
    }

    private static PropertyInfo? FindProperty(Type type, string key) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 && Normalize(p.Name) == Normalize(key));

    /// <summary>Converts a config value to <paramref name="target"/>; false with a reason when it does not fit.</summary>
    public static bool TryConvert(object? value, Type target, out object? result, out string why)
    {
        result = null;
        why = "";
        var underlying = Nullable.GetUnderlyingType(target);
        if (value is null)
        {
            if (!target.IsValueType || underlying is not null) return true;
            why = $"null does not fit {target.Name}";
            return false;
        }
        if (underlying is not null) target = underlying;
        if (target == typeof(object) || target.IsInstanceOfType(value) && value is not Dictionary<string, object?>) { result = value; return true; }

        if (target == typeof(DType) && value is Dictionary<string, object?> policy && KerasObjects.IsSerializedObject(policy))
            return ConvertDTypePolicy(policy, out result, out why);
        if (value is Dictionary<string, object?> dict && KerasObjects.IsSerializedObject(dict))
            return ConvertObject(dict, target, out result, out why);
        if (target.IsEnum) return ConvertEnum(value, target, out result, out why);
        if (IsNumber(target)) return ConvertNumber(value, target, out result, out why);
        if (target.IsArray && value is IList list)
            return ConvertList(list, target.GetElementType()!, out result, out why, asArray: true);
        if (target.IsGenericType && value is IList items && IsListInterface(target))
            return ConvertList(items, target.GetGenericArguments()[0], out result, out why, asArray: false);
        if (value is Dictionary<string, object?> map && IsStringDictionary(target, out var valueType))
            return ConvertDictionary(map, target, valueType, out result, out why);
        if (TryImplicit(value, target, out result)) return true;
        why = $"{Show(value)} does not fit {target.Name}";
        return false;
    }

    private static bool ConvertObject(Dictionary<string, object?> dict, Type target, out object? result, out string why)
    {
        result = null;
        why = "";
        var expected = target.IsClass || target.IsInterface ? target : typeof(object);
        // A value type such as LearningRate takes the object through its implicit conversion.
        object obj = KerasObjects.Deserialize(dict, expected == typeof(object) ? typeof(IKerasConfigurable) : expected);
        if (target.IsInstanceOfType(obj)) { result = obj; return true; }
        if (TryImplicit(obj, target, out result)) return true;
        why = $"a {obj.GetType().Name} does not fit {target.Name}";
        return false;
    }

    // Keras 3 writes a layer's dtype as a DTypePolicy object ({"class_name": "DTypePolicy", "config": {"name": "float32"}});
    // a plain float32 or float64 policy is a DType, a mixed-precision or quantized policy has no equivalent here.
    private static bool ConvertDTypePolicy(Dictionary<string, object?> policy, out object? result, out string why)
    {
        result = null;
        why = "";
        string className = (string)policy["class_name"]!;
        string? name = (policy["config"] as Dictionary<string, object?>)?.GetValueOrDefault("name") as string;
        if (className is not ("DTypePolicy" or "FloatDTypePolicy"))
        {
            why = $"the dtype policy {className}{(name is null ? "" : $" '{name}'")} is not supported: KerasSharp layers compute in float32 or float64";
            return false;
        }
        if (name is "float32" or "float64")
        {
            result = name == "float32" ? DType.Float32 : DType.Float64;
            return true;
        }
        why = name is not null && (name.StartsWith("mixed_", StringComparison.Ordinal) || name is "float16" or "bfloat16")
            ? $"the dtype policy '{name}' (mixed or half precision) is not supported: KerasSharp layers compute in float32 or float64"
            : $"the dtype policy '{name ?? "(no name)"}' is not supported: KerasSharp layers compute in float32 or float64";
        return false;
    }

    private static bool ConvertEnum(object value, Type target, out object? result, out string why)
    {
        result = null;
        why = "";
        if (value is string s)
        {
            var name = Enum.GetNames(target).FirstOrDefault(n => Normalize(n) == Normalize(s));
            if (name is not null) { result = Enum.Parse(target, name); return true; }
            why = $"'{s}' is not one of {string.Join(", ", Enum.GetNames(target).Select(SnakeCase))}";
            return false;
        }
        if (value is long l && Enum.IsDefined(target, Convert.ChangeType(l, Enum.GetUnderlyingType(target), CultureInfo.InvariantCulture)))
        {
            result = Enum.ToObject(target, l);
            return true;
        }
        why = $"{Show(value)} is not a {target.Name}";
        return false;
    }

    private static bool ConvertNumber(object value, Type target, out object? result, out string why)
    {
        result = null;
        why = "";
        double d;
        switch (value)
        {
            case long l: d = l; break;
            case int i: d = i; break;
            case double x: d = x; break;
            case float f: d = f; break;
            default: why = $"{Show(value)} is not a number"; return false;
        }
        if (target == typeof(double)) { result = value is long ll ? (double)ll : d; return true; }
        if (target == typeof(float)) { result = (float)d; return true; }
        if (d != Math.Floor(d)) { why = $"{Show(value)} is not a whole number"; return false; }
        try
        {
            result = value is long exact ? Convert.ChangeType(exact, target, CultureInfo.InvariantCulture) : Convert.ChangeType(d, target, CultureInfo.InvariantCulture);
            return true;
        }
        catch (OverflowException) { why = $"{Show(value)} is out of range for {target.Name}"; return false; }
    }

    private static bool ConvertList(IList list, Type element, out object? result, out string why, bool asArray)
    {
        result = null;
        var converted = Array.CreateInstance(element, list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            if (!TryConvert(list[i], element, out var item, out why)) { why = $"item {i}: {why}"; return false; }
            converted.SetValue(item, i);
        }
        why = "";
        if (asArray) { result = converted; return true; }
        var typed = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        foreach (var item in converted) typed.Add(item);
        result = typed;
        return true;
    }

    private static bool ConvertDictionary(Dictionary<string, object?> map, Type target, Type valueType, out object? result, out string why)
    {
        result = null;
        var typed = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
        foreach (var (key, v) in map)
        {
            if (!TryConvert(v, valueType, out var item, out why)) { why = $"key '{key}': {why}"; return false; }
            typed[key] = item;
        }
        why = "";
        if (!target.IsInstanceOfType(typed)) { why = $"a dictionary does not fit {target.Name}"; return false; }
        result = typed;
        return true;
    }

    // A user-defined implicit conversion of the target from the value (SpatialSize from an int or an int[],
    // Initializer from a name, LearningRate from a number or a schedule).
    private static bool TryImplicit(object value, Type target, out object? result)
    {
        result = null;
        foreach (var op in target.GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (op.Name != "op_Implicit" || op.ReturnType != target) continue;
            var from = op.GetParameters()[0].ParameterType;
            if (from.IsGenericType && from.GetGenericTypeDefinition() == typeof(ValueTuple<,>)) continue;
            object? arg;
            if (from.IsInstanceOfType(value)) arg = value;
            else if ((IsNumber(from) && value is long or double) || (from.IsArray && value is IList))
            {
                if (!TryConvert(value, from, out arg, out _)) continue;
            }
            else continue;
            try { result = op.Invoke(null, [arg]); return true; }
            catch (TargetInvocationException e) when (e.InnerException is ArgumentException) { continue; }
        }
        return false;
    }

    private static bool IsNumber(Type t) =>
        t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(float) || t == typeof(short) || t == typeof(byte);

    private static bool IsListInterface(Type t)
    {
        var def = t.GetGenericTypeDefinition();
        return def == typeof(List<>) || def == typeof(IReadOnlyList<>) || def == typeof(IList<>) || def == typeof(IEnumerable<>) ||
               def == typeof(IReadOnlyCollection<>) || def == typeof(ICollection<>);
    }

    private static bool IsStringDictionary(Type t, out Type valueType)
    {
        valueType = typeof(object);
        if (!t.IsGenericType) return false;
        var def = t.GetGenericTypeDefinition();
        if (def != typeof(Dictionary<,>) && def != typeof(IReadOnlyDictionary<,>) && def != typeof(IDictionary<,>)) return false;
        var args = t.GetGenericArguments();
        valueType = args[1];
        return args[0] == typeof(string);
    }

    /// <summary>The spelling both sides of a match reduce to: lower case, no underscores.</summary>
    public static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Describe(ConstructorInfo ctor) =>
        $"{ctor.DeclaringType!.Name}({string.Join(", ", ctor.GetParameters().Select(p => SnakeCase(p.Name!)))})";

    private static string Show(object? v) => v switch
    {
        null => "null",
        string s => $"'{s}'",
        _ => ConfigJson.Write(v),
    };
}
