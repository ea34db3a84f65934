namespace KerasSharp.Backends.Native;

/// <summary>
/// A GEMM tile height as a type: the row-generic micro-kernels are instantiated per struct, so the JIT
/// sees R as a constant and keeps only the accumulators, loads and stores of those rows.
/// </summary>
internal interface IGemmRows
{
    static abstract int R { get; }
}

internal struct Rows1 : IGemmRows { public static int R => 1; }
internal struct Rows2 : IGemmRows { public static int R => 2; }
internal struct Rows3 : IGemmRows { public static int R => 3; }
internal struct Rows4 : IGemmRows { public static int R => 4; }
internal struct Rows5 : IGemmRows { public static int R => 5; }
internal struct Rows6 : IGemmRows { public static int R => 6; }
internal struct Rows7 : IGemmRows { public static int R => 7; }
internal struct Rows8 : IGemmRows { public static int R => 8; }
internal struct Rows9 : IGemmRows { public static int R => 9; }
internal struct Rows10 : IGemmRows { public static int R => 10; }
internal struct Rows11 : IGemmRows { public static int R => 11; }
internal struct Rows12 : IGemmRows { public static int R => 12; }
internal struct Rows13 : IGemmRows { public static int R => 13; }
internal struct Rows14 : IGemmRows { public static int R => 14; }
