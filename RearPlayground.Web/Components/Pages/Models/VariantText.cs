using RearPlayground.Worker.Models;

namespace RearPlayground.Web.Components.Pages.Models;

/// <summary>A variant's element types in a few words: "KV float16 · logits float16 · int4 (MatMulNBits) 60% · float32 40%".</summary>
public static class VariantText
{
    public static string Types(VariantInfo v) =>
        v.Error is { } e ? e : $"KV {v.KvType ?? "?"} · logits {v.LogitsType ?? "?"} · {v.Weights}";
}
