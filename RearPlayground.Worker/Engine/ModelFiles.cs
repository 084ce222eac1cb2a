using RearPlayground.Worker.Engine.Variants;

namespace RearPlayground.Worker.Engine;

/// <summary>Where the ONNX graph of a Hugging Face export folder lives (one of its <see cref="ModelVariants"/>).</summary>
public static class ModelFiles
{
    /// <summary>The named variant's file, or the device's default one.</summary>
    public static string FindOnnx(string folder, string? variant = null, DeviceKind device = DeviceKind.Cpu) =>
        ModelVariants.Pick(folder, variant, device).Path;

    /// <summary>Whether the folder holds any variant (only names are looked at).</summary>
    public static bool HasOnnx(string folder) => Directory.Exists(folder) && ModelVariants.Files(folder).Count > 0;
}
