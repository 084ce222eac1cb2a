using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RearPlayground.Worker.Engine.Sampling;

/// <summary>
/// Σ exp(x − shift) for x ≤ shift with a single-precision exp (Cephes' expf polynomial, within 2 ulp) on 512- or 256-bit
/// vectors: about 1.4× the throughput of the runtime's Vector256.Exp, which the teacher-forced passes spend most of their
/// log-softmax time in. Arguments below −87.3 are clamped there (each then adds ~1e-38 to a sum of at least 1).
/// </summary>
public static class FastExp
{
    private const float Floor = -87.33654f, Log2E = 1.44269504088896341f, Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f;
    private const float Round = 12582912f; // 1.5 · 2^23: adding and subtracting it rounds to the nearest integer
    private const float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f,
        P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: fully optimised in Debug builds too
    public static float SumExpShifted(ReadOnlySpan<float> x, float shift)
    {
        var i = 0;
        var sum = 0f;
        ref var start = ref MemoryMarshal.GetReference(x);
        if (Vector512.IsHardwareAccelerated && x.Length >= 32)
        {
            var s = Vector512.Create(shift);
            Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero;
            for (; i <= x.Length - 32; i += 32)
            {
                a0 += Exp(Vector512.LoadUnsafe(ref start, (nuint)i) - s);
                a1 += Exp(Vector512.LoadUnsafe(ref start, (nuint)(i + 16)) - s);
            }
            sum = Vector512.Sum(a0 + a1);
        }
        else if (Vector256.IsHardwareAccelerated && x.Length >= 16)
        {
            var s = Vector256.Create(shift);
            Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero;
            for (; i <= x.Length - 16; i += 16)
            {
                a0 += Exp(Vector256.LoadUnsafe(ref start, (nuint)i) - s);
                a1 += Exp(Vector256.LoadUnsafe(ref start, (nuint)(i + 8)) - s);
            }
            sum = Vector256.Sum(a0 + a1);
        }
        for (; i < x.Length; i++) sum += MathF.Exp(x[i] - shift);
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Max(x, Vector512.Create(Floor));
        var n = Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(Round)) - Vector512.Create(Round);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        p = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();
        return p * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Max(x, Vector256.Create(Floor));
        var n = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(Round)) - Vector256.Create(Round);
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        p = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
        return p * scale;
    }
}
