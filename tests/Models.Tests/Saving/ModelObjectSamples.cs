using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Optimizers;
using KerasSharp.Optimizers.Schedules;
using KerasSharp.Saving;

namespace KerasSharp.Models.Tests.Saving;

/// <summary>
/// At least one sample of every built-in loss, metric, optimizer and learning-rate schedule, with non-default arguments
/// where the class has any.
/// </summary>
internal static class ModelObjectSamples
{
    /// <summary>The samples by id; <c>Sparse</c> marks the ones that take integer class labels.</summary>
    public static IReadOnlyList<(string Id, Func<IKerasConfigurable> Make, bool Sparse)> All { get; } =
    [
        // Losses
        ("binary_crossentropy", () => new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.1, axis: 0, reduction: Reduction.Sum, name: "bce"), false),
        ("categorical_crossentropy", () => new CategoricalCrossentropy(labelSmoothing: 0.2, axis: -1, reduction: Reduction.None, name: "cce"), false),
        ("sparse_categorical_crossentropy", () => new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: 2, reduction: Reduction.Sum, name: "scce"), true),
        ("hinge", () => new Hinge(Reduction.Sum, "h"), false),
        ("huber", () => new Huber(0.5, Reduction.None, "hub"), false),
        ("kl_divergence", () => new KLDivergence(Reduction.Sum, "kl"), false),
        ("log_cosh", () => new LogCosh(Reduction.None, "lc"), false),
        ("mean_absolute_error_loss", () => new global::KerasSharp.Losses.MeanAbsoluteError(Reduction.Sum, "mae_loss"), false),
        ("mean_squared_error_loss", () => new global::KerasSharp.Losses.MeanSquaredError(Reduction.None, "mse_loss"), false),
        // Metrics
        ("accuracy", () => new Accuracy("acc"), false),
        ("auc", () => new AUC(50, AucCurve.PR, fromLogits: true, name: "auc_pr"), false),
        ("binary_accuracy", () => new BinaryAccuracy(0.7, "bin_acc"), false),
        ("categorical_accuracy", () => new CategoricalAccuracy("cat_acc"), false),
        ("f1_score", () => new F1Score("macro", 0.4, "f1"), false),
        ("mean", () => new Mean("m"), false),
        ("mean_absolute_error_metric", () => new global::KerasSharp.Metrics.MeanAbsoluteError("mae_metric"), false),
        ("mean_squared_error_metric", () => new global::KerasSharp.Metrics.MeanSquaredError("mse_metric"), false),
        ("precision", () => new Precision([0.3, 0.6], "prec"), false),
        ("precision_one_threshold", () => new Precision(0.4), false),
        ("recall", () => new Recall(0.6, "rec"), false),
        ("r2_score", () => new R2Score("variance_weighted", "r2"), false),
        ("root_mean_squared_error", () => new RootMeanSquaredError("rmse"), false),
        ("sparse_categorical_accuracy", () => new SparseCategoricalAccuracy("sparse_acc"), true),
        ("top_k_categorical_accuracy", () => new TopKCategoricalAccuracy(2, "top2"), false),
        // Optimizers
        ("adagrad", () => new Adagrad(0.05, initialAccumulatorValue: 0.2, epsilon: 1e-6, weightDecay: 0.01, clipnorm: 1.0, name: "ada"), false),
        ("adam", () => new Adam(new ExponentialDecay(0.01, 10, 0.5), beta1: 0.8, beta2: 0.99, epsilon: 1e-6, amsgrad: true, clipvalue: 0.5, name: "adm"), false),
        ("adamw", () => new AdamW(0.002, weightDecay: 0.01, beta1: 0.85, amsgrad: false, globalClipnorm: 2.0, name: "adw"), false),
        ("adamw_no_decay", () => new AdamW(0.002, weightDecay: 0), false),
        ("adamax", () => new Adamax(0.003, beta1: 0.7, beta2: 0.9, epsilon: 1e-5, weightDecay: 0.02, name: "amax"), false),
        ("nadam", () => new Nadam(new PolynomialDecay(0.01, 20), beta1: 0.85, beta2: 0.98, epsilon: 1e-6, clipnorm: 0.5, name: "nad"), false),
        ("rmsprop", () => new RMSprop(0.01, rho: 0.8, momentum: 0.1, epsilon: 1e-6, centered: true, name: "rms"), false),
        ("sgd", () => new SGD(new CosineDecay(0.1, 100, alpha: 0.1, warmupTarget: 0.2, warmupSteps: 2), momentum: 0.9, nesterov: true, name: "sgd_n"), false),
        // Learning-rate schedules
        ("cosine_decay", () => new CosineDecay(0.1, 100, alpha: 0.1, warmupTarget: 0.2, warmupSteps: 10, name: "cos"), false),
        ("exponential_decay", () => new ExponentialDecay(0.1, 10, 0.9, staircase: true, name: "exp"), false),
        ("piecewise_constant_decay", () => new PiecewiseConstantDecay([10, 20], [0.1, 0.01, 0.001], name: "pw"), false),
        ("polynomial_decay", () => new PolynomialDecay(0.1, 100, endLearningRate: 0.001, power: 2, cycle: true, name: "poly"), false),
    ];

    /// <summary>Objects that hold C# code: saving them must fail naming the object.</summary>
    public static IReadOnlyList<(string Id, Func<IKerasConfigurable> Make)> Unsavable { get; } =
    [
        ("mean_metric_wrapper", () => new MeanMetricWrapper((t, p) => Ops.Abs(Ops.Subtract(t, p)), "abs_error")),
    ];

    /// <summary>The sample with <paramref name="id"/>.</summary>
    public static (IKerasConfigurable Object, bool Sparse) Make(string id)
    {
        var s = All.Single(x => x.Id == id);
        return (s.Make(), s.Sparse);
    }

    /// <summary>
    /// Targets and predictions for losses and metrics: 4 rows of 3 classes, predictions in (0, 1), one-hot targets
    /// (or integer labels for the sparse ones).
    /// </summary>
    public static (Tensor YTrue, Tensor YPred) Data(bool sparse)
    {
        float[] pred = [0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f, 0.2f, 0.5f, 0.3f, 0.05f, 0.15f, 0.8f];
        int[] labels = [0, 2, 1, 1];
        var yPred = Tensor.FromArray(pred, 4, 3);
        if (sparse) return (Tensor.FromArray(labels, 4), yPred);
        var oneHot = new float[12];
        for (int i = 0; i < 4; i++) oneHot[i * 3 + labels[i]] = 1;
        return (Tensor.FromArray(oneHot, 4, 3), yPred);
    }
}
