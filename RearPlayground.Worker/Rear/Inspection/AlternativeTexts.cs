using RearPlayground.Worker.Engine.Tokenization;

namespace RearPlayground.Worker.Rear.Inspection;

/// <summary>
/// The text an alternative token would have added after the token before it: decoded as the pair minus the first
/// (<see cref="TokenPieces"/>), so a word's leading space shows as it would in the response. Remembered per pair.
/// </summary>
public sealed class AlternativeTexts(ITextTokenizer tokenizer)
{
    private readonly Dictionary<(int, int), string> _known = [];

    public IReadOnlyList<TokenAlternative> Of(int previous, (int Id, float LogProb)[] top) =>
        [.. top.Select(a => new TokenAlternative(a.Id, Text(previous, a.Id), a.LogProb))];

    private string Text(int previous, int id)
    {
        if (_known.TryGetValue((previous, id), out var text)) return text;
        return _known[(previous, id)] = TokenPieces.Split(tokenizer, [previous, id])[1];
    }
}
