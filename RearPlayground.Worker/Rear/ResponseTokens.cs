using RearPlayground.Worker.Engine.Tokenization;

namespace RearPlayground.Worker.Rear;

/// <summary>
/// Tokenizes a given response as the model would have produced it after the prompt: encode prompt + response
/// and drop the prompt's ids. Encoding the response alone would add SentencePiece's dummy "▁" prefix.
/// </summary>
public static class ResponseTokens
{
    public static int[] Encode(ITextTokenizer tokenizer, string prompt, string response)
    {
        var promptIds = tokenizer.Encode(prompt);
        var joined = tokenizer.Encode(prompt + response);
        if (joined.Count >= promptIds.Count && joined.Take(promptIds.Count).SequenceEqual(promptIds))
            return joined.Skip(promptIds.Count).ToArray();
        // The boundary merged across prompt and response: no exact split exists, encode the response alone.
        return [.. tokenizer.Encode(response)];
    }
}
