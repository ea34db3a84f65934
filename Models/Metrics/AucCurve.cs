namespace KerasSharp.Metrics;

/// <summary>Which curve <see cref="AUC"/> integrates.</summary>
public enum AucCurve
{
    /// <summary>The receiver operating characteristic: true positive rate against false positive rate.</summary>
    ROC,
    /// <summary>The precision-recall curve.</summary>
    PR,
}
