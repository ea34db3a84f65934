namespace KerasSharp.ModelZoo;

/// <summary>A pickle that cannot be read; the caller turns it into a <see cref="ModelFileException"/> naming the file and entry.</summary>
internal sealed class PickleException(string problem) : Exception(problem);
