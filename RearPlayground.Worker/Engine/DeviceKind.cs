namespace RearPlayground.Worker.Engine;

/// <summary>Requested device: <c>auto</c> tries CUDA and falls back to CPU with a logged reason.</summary>
public enum DeviceKind { Auto, Cpu, Cuda }

public static class DeviceKindParser
{
    public static DeviceKind Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => DeviceKind.Auto,
        "cpu" => DeviceKind.Cpu,
        "cuda" or "gpu" => DeviceKind.Cuda,
        _ => throw new ArgumentException($"unknown device '{text}': use auto, cpu or cuda"),
    };
}
