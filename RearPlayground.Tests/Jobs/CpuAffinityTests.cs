using RearPlayground.Worker.Jobs;

namespace RearPlayground.Tests.Jobs;

/// <summary>CPU lists parse with clear errors; on Linux a pinned thread's allowed CPUs are those asked for, and null frees it.</summary>
public sealed class CpuAffinityTests
{
    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData(" 0 , 0 ", new[] { 0 })]
    public void A_list_of_this_machines_cpus_parses(string text, int[] cpus) => Assert.Equal(cpus, CpuAffinity.Parse(text));

    [Fact]
    public void Nothing_given_is_no_list() => Assert.Null(CpuAffinity.Parse(" "));

    [Theory]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("0,,1")]
    public void Anything_but_cpu_numbers_is_refused_by_name(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => CpuAffinity.Parse(text));
        Assert.Contains("is not one of this machine's", e.Message);
    }

    [Fact]
    public void A_cpu_past_the_last_is_refused() =>
        Assert.Throws<ArgumentException>(() => CpuAffinity.Parse(Environment.ProcessorCount.ToString()));

    [Fact]
    public void A_pinned_thread_runs_on_the_cpus_given_until_freed()
    {
        var (pinned, freed) = (false, false);
        var (pinnedTo, freedTo) = ("", "");
        var thread = new Thread(() =>
        {
            pinned = CpuAffinity.TryPinCurrentThread([0]);
            pinnedTo = AllowedCpus();
            freed = CpuAffinity.TryPinCurrentThread(null);
            freedTo = AllowedCpus();
        });
        thread.Start();
        thread.Join();

        Assert.Equal(OperatingSystem.IsLinux(), pinned);
        Assert.Equal(OperatingSystem.IsLinux(), freed);
        if (!OperatingSystem.IsLinux()) return;
        Assert.Equal("0", pinnedTo);
        Assert.Equal(Environment.ProcessorCount == 1 ? "0" : $"0-{Environment.ProcessorCount - 1}", freedTo);
    }

    /// <summary>The calling thread's allowed CPUs as Linux lists them ("0", "0-1"); empty elsewhere.</summary>
    internal static string AllowedCpus() => OperatingSystem.IsLinux()
        ? File.ReadLines("/proc/thread-self/status").First(l => l.StartsWith("Cpus_allowed_list:"))["Cpus_allowed_list:".Length..].Trim()
        : "";
}
