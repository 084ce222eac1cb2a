using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Eval;

/// <summary>The dataset format: what parses, and that every problem names the file and the line.</summary>
public class EvalDatasetTests
{
    private static IReadOnlyList<EvalItem> Parse(params string[] lines) => EvalDataset.Parse(lines, "data.jsonl");

    [Fact]
    public void Parses_items_with_their_line_numbers_skipping_blank_lines()
    {
        var items = Parse(
            """{"question":"Once upon a time","preference":"Tom was a cat.","mustMention":["cat","Tom"]}""",
            "",
            "   ",
            """{"id":"short","question":"One day","preference":"Be brief.","maxWords":30,"note":"why"}""",
            """{"question":"Q","preference":"P","mustMention":["fish"],"maxWords":5}""");
        Assert.Equal(3, items.Count);
        Assert.Equal([1, 4, 5], items.Select(i => i.Line));
        Assert.Equal("Once upon a time", items[0].Question);
        Assert.Equal("Tom was a cat.", items[0].Preference);
        Assert.Equal(["cat", "Tom"], items[0].MustMention!);
        Assert.Null(items[0].MaxWords);
        Assert.Null(items[1].MustMention);
        Assert.Equal(30, items[1].MaxWords);
        Assert.Equal("short", items[1].Id);
        Assert.Equal(5, items[2].MaxWords);
    }

    [Theory]
    [InlineData("""{"question":"Q","preference":"P",""", "invalid JSON")]
    [InlineData("""not json""", "invalid JSON")]
    [InlineData("""[1,2]""", "expected a JSON object, got an array")]
    [InlineData("""{"preference":"P","maxWords":3}""", "missing \"question\"")]
    [InlineData("""{"question":"Q","maxWords":3}""", "missing \"preference\"")]
    [InlineData("""{"question":"  ","preference":"P","maxWords":3}""", "\"question\" is empty")]
    [InlineData("""{"question":7,"preference":"P","maxWords":3}""", "\"question\" must be a string, got the number 7")]
    [InlineData("""{"question":"Q","preference":null,"maxWords":3}""", "\"preference\" must be a string, got null")]
    [InlineData("""{"question":"Q","preference":"P","mustMention":"cat"}""", "\"mustMention\" must be an array of strings, got a string")]
    [InlineData("""{"question":"Q","preference":"P","mustMention":["cat",3]}""", "\"mustMention\"[1] must be a non-empty string")]
    [InlineData("""{"question":"Q","preference":"P","mustMention":[]}""", "\"mustMention\" is empty")]
    [InlineData("""{"question":"Q","preference":"P","maxWords":"ten"}""", "\"maxWords\" must be an integer, got a string")]
    [InlineData("""{"question":"Q","preference":"P","maxWords":2.5}""", "\"maxWords\" must be an integer")]
    [InlineData("""{"question":"Q","preference":"P","maxWords":0}""", "\"maxWords\" must be at least 1")]
    [InlineData("""{"question":"Q","preference":"P"}""", "no checks")]
    [InlineData("""{"question":"Q","preference":"P","maxwords":3}""", "unknown field 'maxwords'")]
    public void Bad_lines_name_the_file_the_line_and_the_problem(string bad, string problem)
    {
        var good = """{"question":"Q","preference":"P","maxWords":3}""";
        var e = Assert.Throws<FormatException>(() => Parse(good, "", bad, good));
        Assert.StartsWith("data.jsonl:3: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var e = Assert.Throws<FormatException>(() => Parse("", "  "));
        Assert.Contains("no items", e.Message);
    }

    [Fact]
    public void A_missing_file_is_an_io_error_naming_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => EvalDataset.Load("/no/such/dir/items.jsonl"));
        Assert.Contains("/no/such/dir/items.jsonl", e.Message);
    }

    [Fact]
    public void The_shipped_dataset_is_copied_next_to_the_binary_and_parses()
    {
        var path = EvalDataset.Resolve("stories-preferences.jsonl");
        Assert.NotNull(path);
        var items = EvalDataset.Load(path!);
        Assert.InRange(items.Count, 24, 40);
        Assert.Contains(items, i => i.MaxWords is not null);
        Assert.Equal(items.Count, items.Select(i => i.Id).Distinct().Count());
    }
}
