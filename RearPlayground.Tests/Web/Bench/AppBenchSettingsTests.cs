using RearPlayground.Web.Bench;
using RearPlayground.Worker.Threading;

namespace RearPlayground.Tests.Web.Bench;

/// <summary>bench-app pins both sides' searches to one CPU, the process's last unless told; "none" leaves them to the scheduler.</summary>
public sealed class AppBenchSettingsTests
{
    [Fact]
    public void Both_sides_go_on_the_last_cpu_by_default() =>
        Assert.Equal(OperatingSystem.IsLinux() ? CpuAffinity.ProcessCpus[^1] : null, AppBenchSettings.Parse(["bench-app"]).Cpu);

    [Fact]
    public void Cpu_takes_none_or_one_cpu()
    {
        Assert.Null(AppBenchSettings.Parse(["bench-app", "--cpu", "none"]).Cpu);
        if (!OperatingSystem.IsLinux()) return;
        var first = CpuAffinity.ProcessCpus[0];
        Assert.Equal(first, AppBenchSettings.Parse(["bench-app", "--cpu", $"{first}"]).Cpu);
    }

    [Theory]
    [InlineData("0,0,x")]
    [InlineData("fast")]
    public void Anything_else_is_refused(string value) =>
        Assert.Throws<ArgumentException>(() => AppBenchSettings.Parse(["bench-app", "--cpu", value]));
}
