using System.Runtime.InteropServices;

namespace RearPlayground.Worker.Threading;

/// <summary>
/// Pins the calling thread to a set of CPUs (Linux <c>sched_setaffinity</c>; elsewhere it reports false and changes
/// nothing). Searches pin their thread when "Rear:SearchCpus" names CPUs, e.g. to keep them off cores the web app or
/// another tenant keeps busy.
/// </summary>
public static class CpuAffinity
{
    private const int SetBits = 1024; // glibc's cpu_set_t

    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The CPUs this process may run on, as it started (a container's cpuset may leave out CPU 0); empty elsewhere.</summary>
    public static IReadOnlyList<int> ProcessCpus { get; } = ReadProcessCpus();

    /// <summary>Pins the calling thread to <paramref name="cpus"/>; to <see cref="ProcessCpus"/> again when null.</summary>
    public static bool TryPinCurrentThread(IReadOnlyCollection<int>? cpus)
    {
        if (!IsSupported) return false;
        var mask = new ulong[SetBits / 64];
        foreach (var cpu in cpus ?? ProcessCpus)
        {
            if (cpu is < 0 or >= SetBits) return false;
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }
        return SchedSetAffinity(0, (nuint)(mask.Length * sizeof(ulong)), mask) == 0;
    }

    /// <summary>"1" or "0,2" to CPU numbers this process may run on; a clear message for anything else.</summary>
    public static IReadOnlyList<int>? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var cpus = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, out var cpu) || !ProcessCpus.Contains(cpu))
                throw new ArgumentException($"CPU \"{part}\" is not one this process may run on ({string.Join(",", ProcessCpus)})");
            cpus.Add(cpu);
        }
        return cpus.Distinct().Order().ToArray();
    }

    private static int[] ReadProcessCpus()
    {
        if (!IsSupported) return [];
        var mask = new ulong[SetBits / 64];
        // pid = the process's id: its main thread's mask, whichever thread first asks.
        if (SchedGetAffinity(Environment.ProcessId, (nuint)(mask.Length * sizeof(ulong)), mask) != 0)
            return [.. Enumerable.Range(0, Environment.ProcessorCount)];
        return [.. Enumerable.Range(0, SetBits).Where(cpu => (mask[cpu / 64] & (1UL << (cpu % 64))) != 0)];
    }

    // pid 0: the calling thread (Linux affinity is per thread).
    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static extern int SchedSetAffinity(int pid, nuint size, ulong[] mask);

    [DllImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static extern int SchedGetAffinity(int pid, nuint size, ulong[] mask);
}
