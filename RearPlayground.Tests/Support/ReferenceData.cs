using System.Text.Json;

namespace RearPlayground.Tests.Support;

/// <summary>The independent numpy oracle in models/stories260K/reference.json.</summary>
public sealed class ReferenceData
{
    public required int[] GreedyPromptIds { get; init; }
    public required int[] GreedyIds { get; init; }
    public required string GreedyPrompt { get; init; }
    public required IReadOnlyList<ReferenceCase> Cases { get; init; }

    public static ReferenceData Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedModels.Reference));
        var root = doc.RootElement;
        var greedy = root.GetProperty("greedy_once_upon_a_time");
        return new ReferenceData
        {
            GreedyPrompt = greedy.GetProperty("prompt").GetString()!,
            GreedyPromptIds = Ints(greedy.GetProperty("prompt_ids")),
            GreedyIds = Ints(greedy.GetProperty("greedy_ids")),
            Cases = root.GetProperty("cases").EnumerateArray().Select(c => new ReferenceCase(
                c.GetProperty("question").GetString()!,
                c.GetProperty("preference").GetString()!,
                Ints(c.GetProperty("no_preference_context_ids")),
                Ints(c.GetProperty("preference_context_ids")),
                Ints(c.GetProperty("response_ids")),
                c.GetProperty("response_text").GetString()!,
                Floats(c.GetProperty("logprob_without_preference")),
                Floats(c.GetProperty("logprob_with_preference")),
                c.GetProperty("rear_scores_gamma_1").EnumerateObject().ToDictionary(
                    l => double.Parse(l.Name, System.Globalization.CultureInfo.InvariantCulture),
                    l => (IReadOnlyDictionary<string, double>)l.Value.EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetDouble()))))
                .ToList(),
        };
    }

    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
    private static float[] Floats(JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();
}

public sealed record ReferenceCase(
    string Question,
    string Preference,
    int[] WithoutContext,
    int[] WithContext,
    int[] Response,
    string ResponseText,
    float[] LogProbsWithout,
    float[] LogProbsWith,
    IReadOnlyDictionary<double, IReadOnlyDictionary<string, double>> Scores);
