namespace KerasSharp.Layers;

/// <summary>Keras's fan computation: a conv kernel [kh, kw, in, out] counts its receptive field in both fans.</summary>
internal static class Fans
{
    public static (double FanIn, double FanOut) Of(int[] shape)
    {
        if (shape.Length == 0) return (1, 1);
        if (shape.Length == 1) return (shape[0], shape[0]);
        if (shape.Length == 2) return (shape[0], shape[1]);
        double receptive = 1;
        for (int i = 0; i < shape.Length - 2; i++) receptive *= shape[i];
        return (shape[^2] * receptive, shape[^1] * receptive);
    }
}
