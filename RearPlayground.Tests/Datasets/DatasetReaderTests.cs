using System.Text.Json.Nodes;
using RearPlayground.Worker.Datasets;

namespace RearPlayground.Tests.Datasets;

/// <summary>The readers and the mapping: CSV quirks, Parquet row groups, bad JSON lines, presets, mapping errors.</summary>
public sealed class DatasetReaderTests : IDisposable
{
    private readonly DatasetFiles _files = new();

    private async Task<(List<DatasetItem> Items, SkipLog Skipped, DatasetReader Reader)> Read(string path, DatasetMapping? mapping = null,
        string? preset = null, char? delimiter = null)
    {
        var reader = await DatasetReader.OpenAsync(path, Path.GetFileName(path), new DatasetReadOptions(Delimiter: delimiter), default);
        var skipped = new SkipLog();
        var items = new List<DatasetItem>();
        await foreach (var item in reader.ItemsAsync(reader.Resolve(mapping, preset), skipped)) items.Add(item);
        await reader.DisposeAsync();
        return (items, skipped, reader);
    }

    [Fact]
    public async Task Csv_with_semicolons_quotes_and_embedded_newlines_is_read_with_the_delimiter_detected()
    {
        var path = _files.Write("q.csv",
            "id;prompt;pref;note\n" +
            "a1;\"What is 2;3?\nSecond line\";\"Say \"\"hi\"\" first\";x\n" +
            "a2;Plain question;;y\n" +
            "a3;;nobody;z\n");
        var (items, skipped, reader) = await Read(path, new DatasetMapping("prompt", Preference: "pref", Id: "id"));

        Assert.Equal(["id", "prompt", "pref", "note"], reader.Columns);
        Assert.Equal(2, items.Count);
        Assert.Equal("What is 2;3?\nSecond line", items[0].Question);
        Assert.Equal("Say \"hi\" first", items[0].Preference);
        Assert.Equal("a1", items[0].Id);
        Assert.Equal(2, items[0].Row);
        Assert.Equal("{\"note\":\"x\"}", items[0].MetadataJson);
        Assert.Null(items[1].Preference);
        // The quoted newline makes row a2 start on line 4, a3 on line 5.
        Assert.Equal(4, items[1].Row);
        var skip = Assert.Single(skipped.First);
        Assert.Equal(5, skip.Row);
        Assert.Contains("empty question", skip.Reason);
    }

    [Fact]
    public async Task Csv_takes_a_given_delimiter()
    {
        var path = _files.Write("pipes.csv", "question|answer\n\"a|b\"|1\n");
        var (items, _, _) = await Read(path, delimiter: '|');
        Assert.Equal("a|b", Assert.Single(items).Question);
        Assert.Equal("1", items[0].Answer);
    }

    [Fact]
    public async Task Parquet_written_with_parquet_net_is_read_across_row_groups_with_the_math_preset()
    {
        var rows = Enumerable.Range(0, 25).Select(i => ($"What is {i} + {i}?", (2 * i).ToString(System.Globalization.CultureInfo.InvariantCulture), i % 5)).ToList();
        var path = await _files.WriteParquetAsync("math.parquet", rows, groupSize: 10);
        var (items, skipped, _) = await Read(path, preset: "math500");

        Assert.Equal(25, items.Count);
        Assert.Equal(0, skipped.Count);
        Assert.Equal("What is 24 + 24?", items[24].Question);
        Assert.Equal("48", items[24].Answer);
        Assert.Equal(25, items[24].Row);
        Assert.Equal(4, JsonNode.Parse(items[24].MetadataJson!)!["level"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_mapped_parquet_list_column_is_refused_naming_the_column_and_its_type()
    {
        var path = await _files.WriteParquetAsync("tags.parquet", [("q", "a", 1)], withList: true);
        await using var reader = await DatasetReader.OpenAsync(path, "tags.parquet", new(), default);
        var e = Assert.Throws<DatasetException>(() => reader.Resolve(new DatasetMapping("tags"), null));
        Assert.Equal("mapping", e.Field);
        Assert.Contains("'tags' has Parquet type list", e.Message);
        // Unmapped, the list column is left out and the rest imports.
        Assert.Equal(["problem", "answer", "level"], reader.Columns);
    }

    [Fact]
    public async Task Jsonl_skips_a_bad_line_with_its_reason_and_keeps_other_fields_as_metadata()
    {
        var path = _files.Write("s.jsonl",
            "{\"question\":\"Once upon a time\",\"preference\":\"cats\",\"mustMention\":[\"cat\"],\"maxWords\":40}\n" +
            "{\"question\": broken\n" +
            "\n" +
            "[1,2]\n" +
            "{\"question\":\"Second\"}\n");
        var (items, skipped, _) = await Read(path);

        Assert.Equal(["Once upon a time", "Second"], items.Select(i => i.Question));
        Assert.Equal("{\"mustMention\":[\"cat\"],\"maxWords\":40}", items[0].MetadataJson);
        Assert.Equal(2, skipped.Count);
        Assert.Equal(2, skipped.First[0].Row);
        Assert.StartsWith("bad JSON", skipped.First[0].Reason);
        Assert.Equal((4, "the line is not a JSON object"), (skipped.First[1].Row, skipped.First[1].Reason));
    }

    [Fact]
    public async Task A_mapping_naming_a_missing_column_is_an_error_naming_it()
    {
        var path = _files.Write("m.csv", "problem,answer\nx,1\n");
        await using var reader = await DatasetReader.OpenAsync(path, "m.csv", new(), default);
        var e = Assert.Throws<DatasetException>(() => reader.Resolve(new DatasetMapping("problem", Answer: "solution"), null));
        Assert.Equal("mapping.answer: the file has no column 'solution' (columns: problem, answer)", e.Message);
        var none = Assert.Throws<DatasetException>(() => reader.Resolve(null, null));
        Assert.Contains("no column named 'question'", none.Message);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var path = _files.Write("empty.csv", "");
        var e = await Assert.ThrowsAsync<DatasetException>(() => DatasetReader.OpenAsync(path, "empty.csv", new(), default));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public async Task The_shipped_story_set_reads_with_its_preset_keeping_mustMention_and_maxWords()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "Eval", "Data", "stories-preferences.jsonl");
        var (items, skipped, _) = await Read(shipped, preset: "stories");
        Assert.Equal(File.ReadLines(shipped).Count(l => l.Trim().Length > 0), items.Count);
        Assert.Equal(0, skipped.Count);
        Assert.Equal("tom-cat-fish", items[0].Id);
        Assert.Equal("Tom was a cat who loved to eat fish.", items[0].Preference);
        Assert.Equal("[\"fish\",\"cat\",\"Tom\"]", JsonNode.Parse(items[0].MetadataJson!)!["mustMention"]!.ToJsonString());
    }

    [Fact]
    public async Task Multifaceted_bench_takes_the_preference_from_the_system_message_in_either_shape()
    {
        var columns = _files.Write("mf.jsonl",
            "{\"system\":\"You are terse.\",\"prompt\":\"Explain tides\",\"reference_answer\":\"The moon\",\"source\":\"x\"}\n");
        var (a, _, _) = await Read(columns, preset: "multifaceted-bench");
        Assert.Equal(("Explain tides", "You are terse.", "You are terse.", "The moon"), (a[0].Question, a[0].Preference, a[0].System, a[0].Answer));

        var chat = _files.Write("chat.jsonl",
            "{\"messages\":[{\"role\":\"system\",\"content\":\"Use metaphors.\"},{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}]}\n" +
            "{\"messages\":[{\"role\":\"system\",\"content\":\"Only a system turn\"}]}\n");
        var (b, skipped, _) = await Read(chat, preset: "multifaceted-bench");
        Assert.Equal(("Why is the sky blue?", "Use metaphors."), (b[0].Question, b[0].Preference));
        Assert.Null(b[0].MetadataJson);
        Assert.Equal("no 'user' message in messages", Assert.Single(skipped.First).Reason);
    }

    [Fact]
    public async Task PrefEval_json_arrays_are_read_element_by_element()
    {
        var path = _files.Write("pe.json", "[{\"preference\":\"I hate jazz\",\"question\":\"Suggest music\",\"explanation\":\"e\"}]");
        var (items, _, _) = await Read(path, preset: "prefeval");
        Assert.Equal(("Suggest music", "I hate jazz", "{\"explanation\":\"e\"}"), (items[0].Question, items[0].Preference, items[0].MetadataJson));
    }

    public void Dispose() => _files.Dispose();
}
