using RearPlayground.Worker.Engine.Tokenization;

namespace RearPlayground.Tests.Engine.Tokenization;

public class SentencePieceTokenizerTests
{
    private static readonly SentencePieceTokenizer Tok = SentencePieceTokenizer.Load(SentencePieceTokenizerJson.Stories260K);

    [Fact]
    public void Special_ids_and_vocab_size()
    {
        Assert.Equal(1, Tok.BosId);
        Assert.Equal(2, Tok.EosId);
        Assert.Equal(512, Tok.VocabSize);
        Assert.Equal(13, Tok.TokenToId("<0x0A>"));
        Assert.Equal(383, Tok.TokenToId("\u2581there"));
        Assert.Null(Tok.TokenToId("no such piece"));
    }

    [Fact]
    public void Encodes_without_bos()
    {
        Assert.Equal([403, 407, 261, 378], Tok.Encode("Once upon a time"));
        Assert.Equal(
            [274, 287, 286, 261, 280, 294, 263, 415, 414, 401, 396, 267, 344, 294, 272, 293, 415, 426, 403, 407, 261, 378],
            Tok.Encode("Tom was a cat who loved to eat fish. Once upon a time"));
    }

    [Fact]
    public void Decodes_a_response_with_its_leading_space()
    {
        Assert.Equal(", there was a little girl named Lily.", Tok.Decode([432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426]));
        Assert.Equal(" there was", Tok.Decode([383, 286])); // "▁there" starts the response: the space is the model's
        Assert.Equal(".\nL", Tok.Decode([426, 13, 438])); // 13 is the byte-fallback piece <0x0A>
    }

    [Fact]
    public void Reference_greedy_text_round_trips()
    {
        int[] greedy =
        [
            432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267, 337, 410, 408, 419, 292, 411, 322, 265, 282,
            295, 433, 426, 385, 328, 432, 358, 394, 261, 370, 432, 352, 266, 268, 388, 426, 338, 391, 266, 267, 337, 335, 312, 432,
            398, 312, 286, 267, 414, 270, 333, 415, 426, 13, 438, 310,
        ];
        const string Text = ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.\nLily";
        Assert.Equal(Text, Tok.Decode(greedy));
    }

    [Fact]
    public void Control_tokens_in_text_map_to_their_ids()
    {
        Assert.Equal([1, 403, 407, 261, 378, 2], Tok.Encode("<s>Once upon a time</s>"));
        Assert.Equal(Tok.Encode("hi").Concat([2]).Concat(Tok.Encode("there")), Tok.Encode("hi</s>there"));
        Assert.Equal("<s> Once</s>", Tok.Decode([1, 403, 2], skipSpecial: false));
        Assert.Equal(" Once", Tok.Decode([1, 403, 2]));
    }

    [Theory]
    [InlineData("caf\u00e9 \U0001F600 \u65e5\u672c")]
    [InlineData("line one\nline two\n\n\ttabbed")]
    [InlineData("  two leading spaces and trailing  ")]
    public void Byte_fallback_round_trips_with_the_dummy_prefix(string text)
    {
        IReadOnlyList<int> ids = Tok.Encode(text);
        Assert.All(ids, id => Assert.InRange(id, 0, 511));
        Assert.DoesNotContain(0, ids); // no <unk>: unknown chars fall back to bytes
        Assert.Equal(" " + text, Tok.Decode(ids));
    }

    [Fact]
    public void Out_of_range_ids_decode_to_nothing()
    {
        Assert.Equal(" Once", Tok.Decode([403, 9999, -1]));
    }
}
