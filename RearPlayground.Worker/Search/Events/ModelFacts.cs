using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Search.Events;

/// <summary>
/// What a run records about its model: enough to tell runs on different weights apart. Never the server's folder:
/// these facts travel in events and API answers to every team member (admins see folders on the models page).
/// <see cref="Variant"/> and <see cref="OnnxFile"/> name the ONNX file (model_q4.onnx → "q4"); <see cref="CanExtendCache"/>
/// says which route multi-token passes took (see <see cref="LanguageModel.CanExtendCache"/>). Runs stored before these
/// existed read them as null / true.
/// </summary>
public sealed record ModelFacts(string Name, int Layers, int KvHeads, int HeadDim, int VocabSize,
    int MaxPositions, string KvType, string ChatTemplate, string? Variant = null, string? OnnxFile = null, bool CanExtendCache = true)
{
    public static ModelFacts Of(LanguageModel m) => new(m.Name, m.Io.Layers, m.Io.KvHeads, m.Io.HeadDim,
        m.Io.VocabSize, m.MaxPositions, m.Io.KvType.ToString(), m.Chat.Kind.ToString(), m.Variant.Name, m.Variant.RelativePath, m.CanExtendCache);
}
