namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// A token matched literally in the text before BPE runs (Hugging Face <c>added_tokens</c>, or SentencePiece's
/// control pieces). <paramref name="Special"/> tokens are dropped by <c>Decode(skipSpecial: true)</c>;
/// <paramref name="LStrip"/>/<paramref name="RStrip"/> swallow whitespace on that side, and
/// <paramref name="SingleWord"/> only matches when not glued to a letter or digit.
/// </summary>
internal sealed record AddedToken(
    string Content,
    int Id,
    bool Special,
    bool LStrip = false,
    bool RStrip = false,
    bool SingleWord = false);
