using System.Runtime.InteropServices;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// Pins the calling thread to a set of CPUs (Linux <c>sched_setaffinity</c>; elsewhere it reports false and changes
/// nothing). Searches pin their thread when "Rear:SearchCpus" names CPUs, e.g. to keep them off cores the web app or
/// another tenant keeps busy.
/// </summary>
public static class CpuAffinity
{
    private const int SetBits = 1024; // glibc's cpu_set_t

    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Pins the calling thread to <paramref name="cpus"/>; all of this machine's CPUs when null.</summary>
    public static bool TryPinCurrentThread(IReadOnlyCollection<int>? cpus)
    {
        if (!IsSupported) return false;
        var mask = new ulong[SetBits / 64];
        foreach (var cpu in cpus ?? Enumerable.Range(0, Environment.ProcessorCount).ToArray())
        {
            if (cpu is < 0 or >= SetBits) return false;
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }
        return SchedSetAffinity(0, (nuint)(mask.Length * sizeof(ulong)), mask) == 0;
    }

    /// <summary>"1" or "0,2" to CPU numbers; a clear message for anything else.</summary>
    public static IReadOnlyList<int>? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var cpus = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, out var cpu) || cpu < 0 || cpu >= Environment.ProcessorCount)
                throw new ArgumentException($"CPU \"{part}\" is not one of this machine's (0–{Environment.ProcessorCount - 1})");
            cpus.Add(cpu);
        }
        return cpus.Distinct().Order().ToArray();
    }

    // pid 0: the calling thread (Linux affinity is per thread).
    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static extern int SchedSetAffinity(int pid, nuint size, ulong[] mask);
}
