using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Tokenization;

namespace RearPlayground.Tests.Engine.Tokenization;

public sealed class TokenizerLoaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string MinimalJson(string modelType) =>
        """{"version": "1.0", "added_tokens": [], "normalizer": null, "pre_tokenizer": null, "decoder": null, "model": {"type": """
        + $"\"{modelType}\"" + """, "vocab": {"a": 0}}}""";

    [Fact]
    public void Loads_sentencepiece_model_folder()
    {
        ITextTokenizer tok = TokenizerLoader.Load(Support.SharedModels.Stories);
        Assert.IsType<SentencePieceTokenizer>(tok);
        Assert.Equal([403, 407, 261, 378], tok.Encode("Once upon a time"));
    }

    [Fact]
    public void Prefers_tokenizer_json()
    {
        File.Copy(SentencePieceTokenizerJson.Stories260K, _folder.File("tokenizer.model"));
        File.WriteAllText(_folder.File("tokenizer.json"), SentencePieceTokenizerJson.Build(SentencePieceTokenizerJson.Stories260K, false).ToJsonString());
        ITextTokenizer tok = TokenizerLoader.Load(_folder.Path);
        Assert.IsType<HfBpeTokenizer>(tok);
        Assert.Equal([403, 407, 261, 378], tok.Encode("Once upon a time"));
    }

    [Fact]
    public void Empty_folder()
    {
        var e = Assert.Throws<ModelLoadException>(() => TokenizerLoader.Load(_folder.Path));
        Assert.Equal($"no tokenizer.json or tokenizer.model in {_folder.Path}", e.Message);
    }

    [Fact]
    public void Missing_folder()
    {
        string missing = _folder.File("nope");
        var e = Assert.Throws<ModelLoadException>(() => TokenizerLoader.Load(missing));
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void Corrupt_tokenizer_json()
    {
        File.WriteAllText(_folder.File("tokenizer.json"), "this is { not json");
        var e = Assert.Throws<ModelLoadException>(() => TokenizerLoader.Load(_folder.Path));
        Assert.StartsWith(_folder.File("tokenizer.json") + ": not valid JSON", e.Message);
    }

    [Theory]
    [InlineData("Unigram")]
    [InlineData("WordPiece")]
    [InlineData("WordLevel")]
    public void Unsupported_model_type(string type)
    {
        File.WriteAllText(_folder.File("tokenizer.json"), MinimalJson(type));
        var e = Assert.Throws<ModelLoadException>(() => TokenizerLoader.Load(_folder.Path));
        Assert.Equal($"{_folder.File("tokenizer.json")}: model type \"{type}\" is not supported (only BPE tokenizers can be read)", e.Message);
    }

    [Theory]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b"]}}""", "not in the vocabulary")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}}, "pre_tokenizer": {"type": "Whitespace"}}""", "pre_tokenizer type \"Whitespace\"")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}}, "decoder": {"type": "WordPiece"}}""", "decoder type \"WordPiece\"")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}}, "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(?<"}}}""", "not valid in .NET")]
    [InlineData("""{"model": {"type": "BPE", "vocab": ["a"]}}""", "model.vocab")]
    [InlineData("""{"version": "1.0"}""", "no \"model\"")]
    public void Malformed_or_unsupported_parts(string json, string expected)
    {
        File.WriteAllText(_folder.File("tokenizer.json"), json);
        var e = Assert.Throws<ModelLoadException>(() => TokenizerLoader.Load(_folder.Path));
        Assert.StartsWith(_folder.File("tokenizer.json") + ": ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Corrupt_tokenizer_config()
    {
        File.WriteAllText(_folder.File("tokenizer.json"), MinimalJson("BPE"));
        File.WriteAllText(_folder.File("tokenizer_config.json"), "{ broken");
        var e = Assert.Throws<ModelLoadException>(() => TokenizerLoader.Load(_folder.Path));
        Assert.StartsWith(_folder.File("tokenizer_config.json") + ": not valid JSON", e.Message);
    }

    [Fact]
    public void Corrupt_tokenizer_model()
    {
        File.WriteAllText(_folder.File("tokenizer.model"), "this is not a protobuf model at all");
        var e = Assert.Throws<ModelLoadException>(() => TokenizerLoader.Load(_folder.Path));
        Assert.StartsWith(_folder.File("tokenizer.model") + ": ", e.Message);
    }
}
