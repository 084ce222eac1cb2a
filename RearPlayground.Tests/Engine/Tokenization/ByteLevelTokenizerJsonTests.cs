using System.Diagnostics;
using System.Text;
using RearPlayground.Worker.Engine.Tokenization;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Engine.Tokenization;

/// <summary>A GPT-2 tokenizer.json (rebuilt from the tiktoken ranks) must encode exactly like TiktokenTokenizer.</summary>
public sealed class ByteLevelTokenizerJsonTests(ITestOutputHelper output)
{
    // "a b" merges + plain ByteLevel (GPT-2's own file), and ["a","b"] merges + Sequence[Split, ByteLevel] (Qwen2/Llama-3 style).
    private static readonly Lazy<HfBpeTokenizer> Plain = new(() =>
        TempFolder.LoadTokenizerJson(Gpt2TokenizerJson.Build(mergesAsArrays: false, explicitSplit: false)));
    private static readonly Lazy<HfBpeTokenizer> SplitArrays = new(() =>
        TempFolder.LoadTokenizerJson(Gpt2TokenizerJson.Build(mergesAsArrays: true, explicitSplit: true)));

    public static TheoryData<string> Corpus() => new()
    {
        "Hello, world! This is a test of the GPT-2 tokenizer.",
        "don't won't I'M we'll they've she'd it's DON'T",
        "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n",
        "for (int i = 0; i < 10; i++) { sum += a[i]; }\t// comment",
        "3.14159 2,718 1000000 0x1F 42nd 1e-9",
        "caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00c5ngstr\u00f6m",
        "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8\u3068\u4e2d\u6587\u6587\u672c",
        "emoji \U0001F600\U0001F680\U0001F44D\U0001F3FD family \U0001F468\u200D\U0001F469\u200D\U0001F467",
        "   leading spaces and trailing   ",
        "many     spaces\t\ttabs\n\n\nnewlines\r\n",
        "\u00a0non-breaking\u2003em-space\u3000ideographic",
        "<|endoftext|>after the end<|endoftext|>",
        "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440 \u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd",
        "",
        " ",
        "\n",
    };

    private static int[] Expected(string text) => Gpt2TokenizerJson.Reference.EncodeToIds(text).ToArray();

    [Theory]
    [MemberData(nameof(Corpus))]
    public void String_merges_and_plain_byte_level_match_tiktoken(string text)
    {
        HfBpeTokenizer tok = Plain.Value;
        Assert.Equal(Expected(text), tok.Encode(text));
        Assert.Equal(text.Replace("<|endoftext|>", ""), tok.Decode(tok.Encode(text)));
        Assert.Equal(text, tok.Decode(tok.Encode(text), skipSpecial: false));
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Array_merges_and_split_sequence_match_tiktoken(string text)
    {
        HfBpeTokenizer tok = SplitArrays.Value;
        Assert.Equal(Expected(text), tok.Encode(text));
        Assert.Equal(text, tok.Decode(tok.Encode(text), skipSpecial: false));
    }

    [Fact]
    public void Random_text_matches_tiktoken()
    {
        foreach (string text in RandomText.Generate(seed: 1, count: 300, maxAtoms: 40))
        {
            Assert.Equal(Expected(text), Plain.Value.Encode(text));
            Assert.Equal(text, Plain.Value.Decode(Plain.Value.Encode(text), skipSpecial: false));
        }
    }

    [Fact]
    public void Properties_and_lookup()
    {
        HfBpeTokenizer tok = Plain.Value;
        Assert.True(tok.IsByteLevel);
        Assert.Equal(50257, tok.VocabSize);
        Assert.Equal(50256, tok.TokenToId("<|endoftext|>"));
        Assert.Equal(tok.Encode(" the")[0], tok.TokenToId("\u0120the"));
        Assert.Null(tok.BosId);
        Assert.Null(tok.EosId);
    }

    [Fact]
    public void Chat_tokens_split_out_and_config_gives_bos_eos()
    {
        HfBpeTokenizer tok = TempFolder.LoadTokenizerJson(
            Gpt2TokenizerJson.Build(false, false, ("<|im_start|>", 50257), ("<|im_end|>", 50258)),
            """{"bos_token": null, "eos_token": {"content": "<|im_end|>"}}""");
        Assert.Null(tok.BosId);
        Assert.Equal(50258, tok.EosId);
        Assert.Equal(50259, tok.VocabSize);
        int[] expected = [50257, .. Expected("user\nHi there"), 50258, .. Expected("\n"), 50257, .. Expected("assistant\n")];
        Assert.Equal(expected, tok.Encode("<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n"));
        Assert.Equal("user\nHi there\nassistant\n", tok.Decode(expected));
        Assert.Equal("<|im_start|>user", tok.Decode([50257, .. Expected("user")], skipSpecial: false));
    }

    [Fact]
    public void Split_bytes_of_a_char_decode_to_replacement_until_joined()
    {
        HfBpeTokenizer tok = Plain.Value;
        IReadOnlyList<int> ids = tok.Encode("\U0001F680"); // rocket: 4 UTF-8 bytes, more than one token
        Assert.True(ids.Count > 1);
        Assert.Contains('\uFFFD', tok.Decode(ids.Take(1)));
        Assert.Equal("\U0001F680", tok.Decode(ids));
        Assert.Equal("", tok.Decode([50300, -5])); // ids outside the vocabulary decode to nothing
    }

    [Fact]
    public void Long_prompt_is_fast()
    {
        HfBpeTokenizer tok = Plain.Value;
        var text = new StringBuilder();
        for (int i = 0; text.Length < 5000; i++)
            text.Append($"Item {i}: the quick brown fox #{i * 7919} jumps over caf\u00e9 \u65e5\u672c {i % 13} \U0001F600\n");
        tok.Encode("warm up the regex and the merge tables");
        var clock = Stopwatch.StartNew();
        IReadOnlyList<int> ids = tok.Encode(text.ToString());
        clock.Stop();
        output.WriteLine($"{text.Length} chars -> {ids.Count} tokens in {clock.Elapsed.TotalMilliseconds:F1} ms");
        Assert.Equal(Expected(text.ToString()), ids);
        Assert.True(clock.ElapsedMilliseconds < 250, $"5000 chars took {clock.ElapsedMilliseconds} ms");
    }
}
