using System.Text.Json;
using RearPlayground.Worker.Engine.Tokenization;

namespace RearPlayground.Tests.Engine.Tokenization;

/// <summary>The pieces of tokenizer.json handling that the GPT-2/SentencePiece parity tests don't reach.</summary>
public class PreTokenizationTests
{
    private static List<string> Split(string preTokenizerJson, string text, bool atStart = true)
    {
        using JsonDocument doc = JsonDocument.Parse(preTokenizerJson);
        var output = new List<string>();
        HfPreTokenizer.FromJson(doc.RootElement).Split(text, atStart, output);
        return output;
    }

    // Hugging Face's documented example for SplitDelimiterBehavior.
    [Theory]
    [InlineData("Removed", false, new[] { "the", "final", "countdown" })]
    [InlineData("Isolated", false, new[] { "the", "-", "final", "-", "-", "countdown" })]
    [InlineData("MergedWithPrevious", false, new[] { "the-", "final-", "-", "countdown" })]
    [InlineData("MergedWithNext", false, new[] { "the", "-final", "-", "-countdown" })]
    [InlineData("Contiguous", false, new[] { "the", "-", "final", "--", "countdown" })]
    [InlineData("Removed", true, new[] { "-", "-", "-" })] // each match is its own piece
    public void Split_behaviors(string behavior, bool invert, string[] expected)
    {
        string json = $$"""{"type": "Split", "pattern": {"String": "-"}, "behavior": "{{behavior}}", "invert": {{(invert ? "true" : "false")}}}""";
        Assert.Equal(expected, Split(json, "the-final--countdown"));
    }

    [Fact]
    public void Digits_and_metaspace()
    {
        Assert.Equal(["abc", "1", "2", "3", "d"], Split("""{"type": "Digits", "individual_digits": true}""", "abc123d"));
        Assert.Equal(["abc", "123", "d"], Split("""{"type": "Digits", "individual_digits": false}""", "abc123d"));
        const string Always = """{"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": true}""";
        Assert.Equal(["\u2581Hey", "\u2581you"], Split(Always, "Hey you", atStart: false));
        const string Legacy = """{"type": "Metaspace", "replacement": "\u2581", "add_prefix_space": false}""";
        Assert.Equal(["Hey", "\u2581you"], Split(Legacy, "Hey you"));
    }

    [Fact]
    public void Added_tokens_strip_and_single_word()
    {
        var splitter = new AddedTokenSplitter(
        [
            new AddedToken("<mask>", 7, Special: true, LStrip: true, RStrip: true),
            new AddedToken("<|end|>", 8, Special: true),
            new AddedToken("<|end|>x", 9, Special: true),
            new AddedToken("cat", 10, Special: false, SingleWord: true),
        ]);
        List<AddedTokenSplitter.Segment> segments = splitter.Split("a  <mask>  b<|end|>x<|end|> cat concat");
        Assert.Equal(
            ["a", "#7", "b", "#9", "#8", " ", "#10", " concat"],
            segments.Select(s => s.Text ?? $"#{s.TokenId}"));
        Assert.Equal([0, 3, 11, 12, 20, 27, 28, 31], segments.Select(s => s.Offset));
    }
}
