using System.Runtime.InteropServices;

namespace RearPlayground.Worker.Engine;

/// <summary>
/// Tells glibc's malloc to keep freed memory for reuse instead of handing it back to the OS at once (Linux only; a
/// no-op elsewhere). The engine frees and reallocates its KV cache at every fork, larger as the answers grow. With
/// glibc's defaults, in about half the processes one thread's search got that memory back from the OS each time:
/// 23,000–28,000 page faults per DVTS search, 1.6–2× its time (bench-app on this VM: the job's thread, the CLI's or both,
/// changing from one process to the next). With these settings none of 17 processes showed it. Applied
/// once, before the first model loads; the cost is that up to <see cref="TrimThreshold"/> of freed memory per malloc
/// arena can stay with the process after a peak.
/// </summary>
public static class NativeHeap
{
    // glibc's mallopt parameters (malloc.h).
    private const int MTrimThreshold = -1, MTopPad = -2, MMmapThreshold = -3;

    /// <summary>Freed memory at the top of an arena is returned to the OS only beyond this.</summary>
    public const int TrimThreshold = 256 << 20;

    /// <summary>Each arena grows by this much beyond a request, so a growing cache doesn't map memory every step.</summary>
    public const int TopPad = 64 << 20;

    /// <summary>Blocks below this come from the arenas, not one mapping each (a fixed value also ends glibc's sliding one).</summary>
    public const int MmapThreshold = 32 << 20; // glibc's largest

    private static int _tuned;

    /// <summary>True when glibc took all three settings (on this call or an earlier one).</summary>
    public static bool Tuned { get; private set; }

    public static void KeepFreedMemory()
    {
        if (Interlocked.Exchange(ref _tuned, 1) == 1 || !OperatingSystem.IsLinux()) return;
        try
        {
            // mallopt returns 1 on success; musl's stub returns 0 and changes nothing.
            Tuned = Mallopt(MMmapThreshold, MmapThreshold) == 1 & Mallopt(MTrimThreshold, TrimThreshold) == 1 & Mallopt(MTopPad, TopPad) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its defaults stay.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
