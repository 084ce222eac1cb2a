using RearPlayground.Tests.Support;
using RearPlayground.Web.Components.Pages.Runs.Results;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Tokenization;

namespace RearPlayground.Tests.Results;

/// <summary>Per-token texts with stories260K's own tokenizer (SentencePiece with byte fallback), and the tokenizer cache.</summary>
public sealed class TokenPiecesTests
{
    private static readonly ITextTokenizer Tokenizer = TokenizerLoader.Load(SharedModels.Stories);

    [Fact]
    public void Pieces_are_what_each_token_adds_to_the_decoded_response_leading_spaces_included()
    {
        var ids = Tokenizer.Encode("Once upon a time, Tom went.").ToArray();
        var pieces = TokenPieces.Split(Tokenizer, ids);
        Assert.Equal([" Once", " upon", " a", " time", ",", " T", "om", " w", "ent", "."], pieces);
        Assert.Equal(Tokenizer.Decode(ids), string.Concat(pieces));
    }

    [Fact]
    public void A_character_split_over_byte_tokens_belongs_to_the_token_that_completes_it()
    {
        // "☃" is three byte-fallback tokens: each alone decodes to U+FFFD.
        var ids = Tokenizer.Encode("café ☃\nhi").ToArray();
        var pieces = TokenPieces.Split(Tokenizer, ids);
        Assert.Equal([" c", "a", "f", "é", " ", "", "", "☃", "\n", "h", "i"], pieces);
        Assert.All(ids.Skip(5).Take(3), id => Assert.Equal("\uFFFD", Tokenizer.Decode([id])));
        Assert.Equal(Tokenizer.Decode(ids), string.Concat(pieces));
    }

    [Fact]
    public void Newlines_double_spaces_and_end_of_sequence_keep_their_form()
    {
        var ids = Tokenizer.Encode("a  b\n\nc").Append(Tokenizer.EosId!.Value).ToArray();
        Assert.Equal([" a", " ", " b", "\n", "\n", "c", "</s>"], TokenPieces.Split(Tokenizer, ids));
        Assert.Equal(["[5]", "[17]"], TokenPieces.Ids([5, 17]));
        Assert.Empty(TokenPieces.Split(Tokenizer, []));
    }

    [Fact]
    public void The_cache_loads_a_models_tokenizer_once_and_yields_null_for_a_model_not_here()
    {
        var cache = new TokenizerCache(new ModelLocator(SharedModels.Directories));
        var tokenizer = cache.For("stories260K");
        Assert.NotNull(tokenizer);
        Assert.Same(tokenizer, cache.For(SharedModels.Stories)); // same folder, by name or by path
        Assert.Equal(Tokenizer.Encode("Tom"), tokenizer.Encode("Tom"));
        Assert.Null(cache.For("no-such-model"));
    }
}
