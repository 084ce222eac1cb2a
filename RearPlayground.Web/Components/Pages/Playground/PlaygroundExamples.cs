using RearPlayground.Worker.Eval;

namespace RearPlayground.Web.Components.Pages.Playground;

/// <summary>One question/preference pair the form loads with a click.</summary>
public sealed record PlaygroundExample(string Label, string Question, string Preference);

/// <summary>
/// A few pairs from the shipped story set (Eval/Data/stories-preferences.jsonl, copied beside the binaries): on the
/// default tiny story model a preference like "a cat who loved fish" visibly changes which story REAR picks.
/// </summary>
public static class PlaygroundExamples
{
    public const string DatasetFile = "stories-preferences.jsonl";
    private static readonly Lazy<IReadOnlyList<PlaygroundExample>> Shipped = new(() => Load(DatasetFile));

    public static IReadOnlyList<PlaygroundExample> Default => Shipped.Value;

    /// <summary>The first <paramref name="count"/> pairs of <paramref name="path"/>; none when the file is missing or invalid.</summary>
    public static IReadOnlyList<PlaygroundExample> Load(string path, int count = 5)
    {
        try
        {
            return [.. EvalDataset.Load(path).Take(count).Select(i => new PlaygroundExample(Label(i), i.Question, i.Preference))];
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            // The examples are a convenience: the playground works without them.
            return [];
        }
    }

    // "tom-cat-fish" → "tom cat fish"; without an id, the preference's first words.
    private static string Label(EvalItem item) => item.Id is { Length: > 0 } id
        ? id.Replace('-', ' ')
        : string.Join(' ', item.Preference.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4));
}
