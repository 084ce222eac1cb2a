using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Models;

/// <summary>
/// How many models stay loaded, where names are looked up ("Rear:ModelDirectories" before the defaults),
/// and the device used when a request names none ("Rear:Device").
/// </summary>
public sealed record ModelPoolOptions
{
    /// <summary>Loaded models kept beyond the ones in use; each holds its weights (GPU memory on CUDA).</summary>
    public int Capacity { get; init; } = 2;
    public IReadOnlyList<string> Directories { get; init; } = [];
    public DeviceKind DefaultDevice { get; init; } = DeviceKind.Auto;
}
