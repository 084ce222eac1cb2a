using System.Globalization;
using System.Text.RegularExpressions;
using RearPlayground.Worker.Eval;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Worker.Eval;

/// <summary>
/// Checks an uploaded JSONL dataset before it is stored: size, the eval verb's line format (<see cref="EvalDataset"/>),
/// item count and text lengths. Problems come back as one message naming the line, for inline display.
/// </summary>
public static partial class EvalUpload
{
    public const long MaxBytes = 1024 * 1024;
    public const int MaxItems = 500;

    public sealed record Result(IReadOnlyList<EvalItem>? Items, string? Error)
    {
        public bool Ok => Items is not null;
    }

    /// <summary>A message when a file of <paramref name="bytes"/> is too large to take; null when it fits.</summary>
    public static string? SizeError(long bytes) => bytes > MaxBytes
        ? string.Format(CultureInfo.InvariantCulture, "the file is {0:F1} MB; at most {1} MB is allowed", bytes / 1048576.0, MaxBytes / 1048576)
        : null;

    public static Result Parse(string fileName, string text, RunLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (SizeError(System.Text.Encoding.UTF8.GetByteCount(text)) is { } tooLarge) return new(null, tooLarge);
        IReadOnlyList<EvalItem> items;
        try
        {
            items = EvalDataset.Parse(text.Split('\n'), fileName);
        }
        catch (FormatException e)
        {
            return new(null, Reword(e.Message, fileName));
        }
        if (items.Count > MaxItems) return new(null, $"the file has {items.Count} items; at most {MaxItems} are allowed");
        foreach (var item in items)
        {
            if (item.Question.Length > limits.MaxTextLength)
                return new(null, $"line {item.Line}: the question is {item.Question.Length} characters; at most {limits.MaxTextLength} are allowed");
            if (item.Preference.Length > limits.MaxTextLength)
                return new(null, $"line {item.Line}: the preference is {item.Preference.Length} characters; at most {limits.MaxTextLength} are allowed");
        }
        return new(items, null);
    }

    // EvalDataset writes "file:3: problem" for the CLI; on a page "line 3: problem" reads better.
    private static string Reword(string message, string fileName)
    {
        var prefix = fileName + ":";
        if (!message.StartsWith(prefix, StringComparison.Ordinal)) return message;
        var rest = message[prefix.Length..];
        var line = LinePrefix().Match(rest);
        return line.Success ? $"line {line.Groups[1].Value}: {rest[line.Length..]}" : rest.TrimStart();
    }

    [GeneratedRegex(@"^(\d+): ")]
    private static partial Regex LinePrefix();
}
