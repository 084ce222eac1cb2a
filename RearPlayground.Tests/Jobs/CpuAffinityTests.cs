using RearPlayground.Worker.Threading;

namespace RearPlayground.Tests.Jobs;

/// <summary>
/// CPU lists parse against the CPUs this process may run on, with clear errors; on Linux a pinned thread's allowed CPUs
/// are those asked for, and null gives it the process's again.
/// </summary>
public sealed class CpuAffinityTests
{
    [Fact]
    public void The_process_cpus_are_the_ones_linux_lists_for_it()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Empty(CpuAffinity.ProcessCpus);
            return;
        }
        var status = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Cpus_allowed_list:"));
        Assert.Equal(Ranges(status["Cpus_allowed_list:".Length..]), CpuAffinity.ProcessCpus);
    }

    [Fact]
    public void A_list_of_the_process_cpus_parses_sorted_once_each()
    {
        if (!OperatingSystem.IsLinux()) return;
        var cpu = CpuAffinity.ProcessCpus[^1];
        Assert.Equal([cpu], CpuAffinity.Parse($" {cpu} , {cpu} "));
        Assert.Equal(CpuAffinity.ProcessCpus, CpuAffinity.Parse(string.Join(",", CpuAffinity.ProcessCpus.Reverse())));
    }

    [Fact]
    public void Nothing_given_is_no_list() => Assert.Null(CpuAffinity.Parse(" "));

    [Theory]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("0,,0")]
    [InlineData("1024")]
    public void Anything_but_the_process_cpus_is_refused_by_name(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => CpuAffinity.Parse(text));
        Assert.Contains("is not one this process may run on", e.Message);
    }

    [Fact]
    public void A_pinned_thread_runs_on_the_cpus_given_until_freed()
    {
        var cpu = OperatingSystem.IsLinux() ? CpuAffinity.ProcessCpus[0] : 0;
        var (pinned, freed) = (false, false);
        IReadOnlyList<int> pinnedTo = [], freedTo = [];
        var thread = new Thread(() =>
        {
            pinned = CpuAffinity.TryPinCurrentThread([cpu]);
            pinnedTo = AllowedCpus();
            freed = CpuAffinity.TryPinCurrentThread(null);
            freedTo = AllowedCpus();
        });
        thread.Start();
        thread.Join();

        Assert.Equal(OperatingSystem.IsLinux(), pinned);
        Assert.Equal(OperatingSystem.IsLinux(), freed);
        if (!OperatingSystem.IsLinux()) return;
        Assert.Equal([cpu], pinnedTo);
        Assert.Equal(CpuAffinity.ProcessCpus, freedTo);
    }

    /// <summary>The calling thread's allowed CPUs as Linux lists them; empty elsewhere.</summary>
    internal static IReadOnlyList<int> AllowedCpus() => OperatingSystem.IsLinux()
        ? Ranges(File.ReadLines("/proc/thread-self/status").First(l => l.StartsWith("Cpus_allowed_list:"))["Cpus_allowed_list:".Length..])
        : [];

    // "0-2,5" → 0, 1, 2, 5
    private static int[] Ranges(string list) =>
    [
        .. list.Trim().Split(',').SelectMany(part => part.Split('-') is [var a, var b]
            ? Enumerable.Range(int.Parse(a), int.Parse(b) - int.Parse(a) + 1)
            : [int.Parse(part)]),
    ];
}
