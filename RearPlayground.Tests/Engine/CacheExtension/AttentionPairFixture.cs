using RearPlayground.Tests.Support.Attention;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Engine.CacheExtension;

/// <summary>The same attention weights exported twice: with a proper causal mask, and with the length-only mask.</summary>
public sealed class AttentionPairFixture : IDisposable
{
    public AttentionModel ProperFiles { get; } = AttentionModel.Create(MaskKind.Proper);
    public AttentionModel LengthOnlyFiles { get; } = AttentionModel.Create(MaskKind.LengthOnly);
    public LanguageModel Proper { get; }
    public LanguageModel LengthOnly { get; }

    public AttentionPairFixture()
    {
        Proper = ProperFiles.Load();
        LengthOnly = LengthOnlyFiles.Load();
    }

    public void Dispose()
    {
        Proper.Dispose();
        LengthOnly.Dispose();
        ProperFiles.Dispose();
        LengthOnlyFiles.Dispose();
    }
}
