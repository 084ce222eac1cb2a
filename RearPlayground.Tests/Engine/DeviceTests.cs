using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Engine;

/// <summary>Device selection: auto falls back to CPU where CUDA cannot start; cuda alone then fails clearly.</summary>
public class DeviceTests
{
    private static bool HasNvidiaDevice => File.Exists("/dev/nvidiactl");

    [Fact]
    public void Auto_runs_and_reports_the_device_it_ran_on()
    {
        using var model = LanguageModel.Load(SharedModels.Stories, DeviceKind.Auto);
        Assert.Contains(model.Device, new[] { "cpu", "cuda" });
        if (!HasNvidiaDevice) Assert.Equal("cpu", model.Device);
    }

    [Fact]
    public void Cuda_without_a_usable_gpu_is_a_clear_error()
    {
        if (HasNvidiaDevice) return; // on a GPU machine this request is valid; the Auto test covers it
        var e = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(SharedModels.Stories, DeviceKind.Cuda));
        Assert.StartsWith("device cuda requested but the CUDA execution provider failed", e.Message);
    }

    [Theory]
    [InlineData("auto", DeviceKind.Auto)]
    [InlineData("CPU", DeviceKind.Cpu)]
    [InlineData("cuda", DeviceKind.Cuda)]
    [InlineData("gpu", DeviceKind.Cuda)]
    public void Parses_device_names(string text, DeviceKind expected) => Assert.Equal(expected, DeviceKindParser.Parse(text));
}
