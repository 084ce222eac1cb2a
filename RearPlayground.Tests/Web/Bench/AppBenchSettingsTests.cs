using RearPlayground.Web.Bench;

namespace RearPlayground.Tests.Web.Bench;

/// <summary>bench-app pins both sides' searches to one CPU, the last unless told; "none" leaves them to the scheduler.</summary>
public sealed class AppBenchSettingsTests
{
    [Fact]
    public void Both_sides_go_on_the_last_cpu_by_default() =>
        Assert.Equal(Environment.ProcessorCount - 1, AppBenchSettings.Parse(["bench-app"]).Cpu);

    [Theory]
    [InlineData("none", null)]
    [InlineData("0", 0)]
    public void Cpu_takes_none_or_one_cpu(string value, int? cpu) =>
        Assert.Equal(cpu, AppBenchSettings.Parse(["bench-app", "--cpu", value]).Cpu);

    [Theory]
    [InlineData("0,0,x")]
    [InlineData("fast")]
    public void Anything_else_is_refused(string value) =>
        Assert.Throws<ArgumentException>(() => AppBenchSettings.Parse(["bench-app", "--cpu", value]));
}
