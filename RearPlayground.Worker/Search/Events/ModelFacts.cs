using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Search.Events;

/// <summary>What a run records about its model: enough to tell runs on different weights apart.</summary>
public sealed record ModelFacts(string Name, string Folder, int Layers, int KvHeads, int HeadDim, int VocabSize,
    int MaxPositions, string KvType, string ChatTemplate)
{
    public static ModelFacts Of(LanguageModel m) => new(m.Name, m.Folder, m.Io.Layers, m.Io.KvHeads, m.Io.HeadDim,
        m.Io.VocabSize, m.MaxPositions, m.Io.KvType.ToString(), m.Chat.Kind.ToString());
}
