using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Search.Events;

/// <summary>
/// What a run records about its model: enough to tell runs on different weights apart. Never the server's folder:
/// these facts travel in events and API answers to every team member (admins see folders on the models page).
/// </summary>
public sealed record ModelFacts(string Name, int Layers, int KvHeads, int HeadDim, int VocabSize,
    int MaxPositions, string KvType, string ChatTemplate)
{
    public static ModelFacts Of(LanguageModel m) => new(m.Name, m.Io.Layers, m.Io.KvHeads, m.Io.HeadDim,
        m.Io.VocabSize, m.MaxPositions, m.Io.KvType.ToString(), m.Chat.Kind.ToString());
}
