using System.Diagnostics;
using System.Text;
using RearPlayground.Worker.Engine.Tokenization;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Engine.Tokenization;

/// <summary>A tokenizer.json derived from stories260K's tokenizer.model must encode exactly like the model file.</summary>
public sealed class MetaspaceTokenizerJsonTests(ITestOutputHelper output)
{
    private static readonly SentencePieceTokenizer Reference = SentencePieceTokenizer.Load(SentencePieceTokenizerJson.Stories260K);

    // Legacy form (Prepend + Replace normalizer) and newer form (Metaspace pre-tokenizer, prepend_scheme "first").
    private static readonly Lazy<HfBpeTokenizer> Legacy = new(() => Load(metaspacePreTokenizer: false));
    private static readonly Lazy<HfBpeTokenizer> FirstScheme = new(() => Load(metaspacePreTokenizer: true));

    public static TheoryData<string> Corpus() => new()
    {
        "Once upon a time",
        "Tom was a cat who loved to eat fish. Once upon a time",
        " leading space",
        "   three leading spaces",
        "trailing spaces   ",
        "a  b   c    d",
        "x\ny\n\nz\r\n",
        "tab\tseparated\tvalues",
        "\u00e9",
        "caf\u00e9 na\u00efve r\u00e9sum\u00e9",
        "emoji \U0001F600\U0001F680 end",
        "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8",
        "Numbers 12345 and 3.14159, 1,000,000!",
        "Lily said, \"Can I play?\" Mom said: 'Yes!'",
        "<s>Once upon a time</s>",
        "hi</s>there<s> and <unk> too",
        "<<s>> </s/s> <s",
        "",
        " ",
    };

    private static HfBpeTokenizer Load(bool metaspacePreTokenizer, string? config = null) =>
        TempFolder.LoadTokenizerJson(SentencePieceTokenizerJson.Build(SentencePieceTokenizerJson.Stories260K, metaspacePreTokenizer), config);

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Legacy_form_matches_sentencepiece(string text)
    {
        HfBpeTokenizer tok = Legacy.Value;
        IReadOnlyList<int> ids = tok.Encode(text);
        Assert.Equal(Reference.Encode(text), ids);
        Assert.Equal(Reference.Decode(ids), tok.Decode(ids));
        Assert.Equal(Reference.Decode(ids, skipSpecial: false), tok.Decode(ids, skipSpecial: false));
    }

    [Fact]
    public void Random_text_matches_sentencepiece()
    {
        foreach (string text in RandomText.Generate(seed: 2, count: 300, maxAtoms: 40))
        {
            IReadOnlyList<int> ids = Legacy.Value.Encode(text);
            Assert.Equal(Reference.Encode(text), ids);
            Assert.Equal(Reference.Decode(ids, skipSpecial: false), Legacy.Value.Decode(ids, skipSpecial: false));
        }
    }

    [Fact]
    public void Legacy_form_properties()
    {
        HfBpeTokenizer tok = Legacy.Value;
        Assert.False(tok.IsByteLevel);
        Assert.Equal(512, tok.VocabSize);
        Assert.Null(tok.BosId); // no tokenizer_config.json beside it
        Assert.Equal(13, tok.Encode("\n")[^1]);
        Assert.Equal(" caf\u00e9 \U0001F600", tok.Decode(tok.Encode("caf\u00e9 \U0001F600")));
        Assert.Equal([1, 403, 407, 261, 378, 2], tok.Encode("<s>Once upon a time</s>"));
    }

    [Theory]
    [InlineData("Once upon a time")]
    [InlineData("caf\u00e9 \U0001F600\nnew line")]
    [InlineData("a  b   c")]
    public void Metaspace_pre_tokenizer_form_matches_sentencepiece_on_plain_text(string text)
    {
        HfBpeTokenizer tok = FirstScheme.Value;
        Assert.Equal(Reference.Encode(text), tok.Encode(text));
        Assert.Equal(" " + text, tok.Decode(tok.Encode(text)));
    }

    [Fact]
    public void Metaspace_first_scheme_prefixes_only_the_start_of_the_input()
    {
        HfBpeTokenizer tok = FirstScheme.Value;
        IReadOnlyList<int> hi = tok.Encode("hi");
        Assert.Equal(Reference.Encode("hi"), hi);
        // After an added token no "▁" is prepended; a text already starting with a space is not prefixed twice.
        IReadOnlyList<int> after = tok.Encode("<s>hi");
        Assert.Equal(1, after[0]);
        Assert.NotEqual(hi, after.Skip(1));
        Assert.Equal("hi", tok.Decode(after));
        Assert.Equal(hi, tok.Encode(" hi"));
    }

    [Fact]
    public void Bos_and_eos_come_from_tokenizer_config()
    {
        HfBpeTokenizer tok = Load(false, """{"bos_token": {"content": "<s>", "lstrip": false}, "eos_token": "</s>", "unk_token": "<unk>"}""");
        Assert.Equal(1, tok.BosId);
        Assert.Equal(2, tok.EosId);
    }

    [Fact]
    public void Long_prompt_is_fast_though_it_is_one_word()
    {
        HfBpeTokenizer tok = Legacy.Value;
        var text = new StringBuilder();
        for (int i = 0; text.Length < 5000; i++) text.Append($"Tom and Lily played {i} games in the park, \u00e9t\u00e9 \U0001F600. ");
        string prompt = text.ToString();
        tok.Encode("warm up");
        var clock = Stopwatch.StartNew();
        IReadOnlyList<int> ids = tok.Encode(prompt);
        clock.Stop();
        output.WriteLine($"{text.Length} chars -> {ids.Count} tokens in {clock.Elapsed.TotalMilliseconds:F1} ms");
        Assert.Equal(Reference.Encode(prompt), ids);
        Assert.True(clock.ElapsedMilliseconds < 250, $"5000 chars took {clock.ElapsedMilliseconds} ms");
    }
}
