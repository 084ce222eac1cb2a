namespace RearPlayground.Worker.Datasets;

/// <summary>
/// Built-in mappings for the shapes of known datasets. Each field lists the columns it may come from, first present
/// wins, so one preset covers a set's variants:
/// <list type="bullet">
/// <item><c>prefeval</c>: PrefEval's explicit-preference sets, <c>{preference, question, explanation}</c>.</item>
/// <item><c>multifaceted-bench</c>: Multifaceted-Bench (Janus), whose preference is the system message:
///   <c>{system, prompt, reference_answer, preference_set, source}</c>, or a chat column <c>messages</c> with a system
///   and a user turn. The system message is both the system prompt and the preference.</item>
/// <item><c>math500</c>, <c>aime</c>, <c>amc</c>: <c>{problem, answer}</c> (MATH-500's <c>unique_id</c>, AIMO's <c>id</c>).</item>
/// <item><c>stories</c>: the shipped story set, <c>{id, question, preference}</c>; mustMention and maxWords stay as
///   metadata for the rule checks.</item>
/// </list>
/// </summary>
public static class DatasetPresets
{
    private sealed record Preset(string[] Question, string[] Preference, string[] Answer, string[] System, string[] Id);

    private static readonly Preset Math = new(["problem", "question"], [], ["answer", "expected_answer"], [], ["unique_id", "id"]);

    private static readonly Dictionary<string, Preset> All = new(StringComparer.OrdinalIgnoreCase)
    {
        ["prefeval"] = new(["question"], ["preference"], [], [], ["id"]),
        ["multifaceted-bench"] = new(["prompt", "messages[user]", "question"], ["system", "messages[system]"], ["reference_answer", "answer"],
            ["system", "messages[system]"], ["id", "main_source"]),
        ["math500"] = Math,
        ["aime"] = Math,
        ["amc"] = Math,
        ["stories"] = new(["question"], ["preference"], [], [], ["id"]),
    };

    public static IReadOnlyList<string> Names { get; } = [.. All.Keys];

    public static bool Exists(string name) => All.ContainsKey(name);

    /// <summary>The preset's mapping for a file with <paramref name="columns"/>; a <see cref="DatasetException"/> when its question column is absent.</summary>
    public static DatasetMapping Resolve(string name, IReadOnlyCollection<string> columns)
    {
        if (!All.TryGetValue(name, out var preset))
            throw new DatasetException("preset", $"unknown preset '{name}': use one of {string.Join(", ", Names)}");
        string? Pick(string[] candidates) => candidates.FirstOrDefault(c => columns.Contains(DatasetMapping.ColumnOf(c)));
        var question = Pick(preset.Question)
            ?? throw new DatasetException("preset", $"the preset '{name}' needs a question column ({string.Join(" or ", preset.Question)}); the file has {string.Join(", ", columns)}");
        return new DatasetMapping(question, Pick(preset.Preference), Pick(preset.Answer), Pick(preset.System), Pick(preset.Id));
    }
}
