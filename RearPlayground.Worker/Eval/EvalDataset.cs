using System.Text.Json;

namespace RearPlayground.Worker.Eval;

/// <summary>
/// Reads the JSON-lines dataset. Every problem is a <see cref="FormatException"/> naming the file and the
/// 1-based line, so the CLI can print it as one line. Blank lines are skipped.
/// </summary>
public static class EvalDataset
{
    /// <summary>Fields a line may have. Unknown ones are rejected so a typo ("maxwords") is not silently ignored.</summary>
    public static readonly string[] Fields = ["question", "preference", "mustMention", "maxWords", "id", "note"];

    /// <exception cref="IOException">The file cannot be read (FileNotFoundException included).</exception>
    /// <exception cref="FormatException">A line is invalid, or the file has no items.</exception>
    public static IReadOnlyList<EvalItem> Load(string path)
    {
        var found = Resolve(path) ?? throw new FileNotFoundException($"dataset not found: {path}", path);
        return Parse(File.ReadAllLines(found), path);
    }

    /// <summary>
    /// The path as given, else (relative paths only) next to the binary or in its Eval/Data folder, where the
    /// shipped datasets are copied, so <c>--dataset stories-preferences.jsonl</c> works from any directory.
    /// </summary>
    public static string? Resolve(string path)
    {
        if (File.Exists(path)) return path;
        if (Path.IsPathRooted(path)) return null;
        return new[] { Path.Combine(AppContext.BaseDirectory, path), Path.Combine(AppContext.BaseDirectory, "Eval", "Data", path) }
            .FirstOrDefault(File.Exists);
    }

    public static IReadOnlyList<EvalItem> Parse(IEnumerable<string> lines, string fileName)
    {
        var items = new List<EvalItem>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            items.Add(ParseLine(line, number, fileName));
        }
        if (items.Count == 0) throw new FormatException($"{fileName}: no items (the file is empty or only blank lines)");
        return items;
    }

    private static EvalItem ParseLine(string line, int number, string fileName)
    {
        FormatException Fail(string problem) => new($"{fileName}:{number}: {problem}");

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            // The parser's message ends with its own position; the line is ours, the byte is the useful part.
            var reason = e.Message.Split(" LineNumber:")[0].Split(" Path:")[0].TrimEnd();
            var where = e.BytePositionInLine is { } b ? $" at byte {b + 1}" : "";
            throw Fail($"invalid JSON{where}: {reason}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Fail($"expected a JSON object, got {Kind(root)}");
            foreach (var p in root.EnumerateObject())
                if (!Fields.Contains(p.Name))
                    throw Fail($"unknown field '{p.Name}' (fields: {string.Join(", ", Fields)})");

            var question = RequiredString(root, "question", Fail);
            var preference = RequiredString(root, "preference", Fail);
            var id = root.TryGetProperty("id", out var idValue) ? StringOf(idValue, "id", Fail) : null;
            var mustMention = root.TryGetProperty("mustMention", out var mm) ? Words(mm, Fail) : null;
            int? maxWords = root.TryGetProperty("maxWords", out var mw) ? PositiveInt(mw, Fail) : null;
            var item = new EvalItem(number, question, preference, mustMention, maxWords, id);
            if (!item.HasChecks) throw Fail("no checks: add \"mustMention\" and/or \"maxWords\" so the answer can be scored");
            return item;
        }
    }

    private static string RequiredString(JsonElement root, string name, Func<string, FormatException> fail)
    {
        if (!root.TryGetProperty(name, out var value)) throw fail($"missing \"{name}\"");
        var text = StringOf(value, name, fail);
        if (string.IsNullOrWhiteSpace(text)) throw fail($"\"{name}\" is empty");
        return text;
    }

    private static string StringOf(JsonElement value, string name, Func<string, FormatException> fail) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw fail($"\"{name}\" must be a string, got {Kind(value)}");

    private static string[] Words(JsonElement value, Func<string, FormatException> fail)
    {
        if (value.ValueKind != JsonValueKind.Array)
            throw fail($"\"mustMention\" must be an array of strings, got {Kind(value)}");
        var words = new List<string>();
        var index = 0;
        foreach (var w in value.EnumerateArray())
        {
            if (w.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(w.GetString()))
                throw fail($"\"mustMention\"[{index}] must be a non-empty string, got {Kind(w)}");
            words.Add(w.GetString()!.Trim());
            index++;
        }
        // An empty list would pass nothing (no word can appear), which is surely a mistake.
        if (words.Count == 0) throw fail("\"mustMention\" is empty: list at least one word");
        return [.. words];
    }

    private static int PositiveInt(JsonElement value, Func<string, FormatException> fail)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n))
            throw fail($"\"maxWords\" must be an integer, got {Kind(value)}");
        if (n < 1) throw fail($"\"maxWords\" must be at least 1, got {n}");
        return n;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString(),
    };
}
