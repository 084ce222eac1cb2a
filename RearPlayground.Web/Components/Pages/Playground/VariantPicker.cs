using RearPlayground.Web.Components.Pages.Models;
using RearPlayground.Worker.Models;

namespace RearPlayground.Web.Components.Pages.Playground;

/// <summary>The variant choices of a model for the picker: "" is the device's default (named, with its size), then every file.</summary>
public static class VariantPicker
{
    public static IReadOnlyList<(string Value, string Label)> Options(ModelInfo? model)
    {
        var variants = model?.Variants ?? [];
        if (variants.Count == 0) return [("", "default")];
        var chosen = variants.FirstOrDefault(v => v.IsDefault) ?? variants[0];
        return [("", $"default ({chosen.Name})"), .. variants.Select(v => (v.Name, $"{v.Name} · {ModelView.Size(v.Bytes)}"))];
    }

    /// <summary>What the chosen variant is: its element types (or the default's).</summary>
    public static string Helper(ModelInfo? model, string? variant)
    {
        var variants = model?.Variants ?? [];
        var v = string.IsNullOrEmpty(variant) ? variants.FirstOrDefault(x => x.IsDefault) : variants.FirstOrDefault(x => x.Name == variant);
        return v is null ? "" : $"{v.File} · {VariantText.Types(v)}";
    }
}
