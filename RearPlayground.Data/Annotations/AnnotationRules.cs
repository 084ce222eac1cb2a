using System.Text.Json;

namespace RearPlayground.Data.Annotations;

/// <summary>
/// Checks an <see cref="AnnotationInput"/> against a run's candidate indices and puts it in its stored form
/// (compact JSON for rank and pair, the index for best, "" for a comment). Pure: the store calls it inside its
/// transaction, tests call it directly.
/// </summary>
public static class AnnotationRules
{
    public const int MaxCommentLength = 4000;

    /// <summary>The stored form of a valid input.</summary>
    public sealed record Normalized(string Kind, int? CandidateIndex, string Value, string? Comment);

    /// <summary>The stored form, or the first problem as (field, message) with the API's camelCase field names.</summary>
    public static (Normalized? Value, string? Field, string? Message) Check(AnnotationInput input, IReadOnlyCollection<int> candidates)
    {
        ArgumentNullException.ThrowIfNull(input);
        var kind = input.Kind?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(kind) || !AnnotationKinds.All.Contains(kind))
            return Fail("kind", $"kind must be one of {string.Join(", ", AnnotationKinds.All)}");
        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        if (comment is { Length: > MaxCommentLength })
            return Fail("comment", $"comment is {comment.Length} characters; at most {MaxCommentLength} are allowed");
        if (input.CandidateIndex is { } index && !candidates.Contains(index))
            return Fail("candidateIndex", $"the run has no candidate {index} (it has {Describe(candidates)})");

        switch (kind)
        {
            case AnnotationKinds.Best:
                if (input.CandidateIndex is not { } best) return Fail("candidateIndex", "a best annotation needs the candidateIndex of the pick");
                return Ok(new(kind, best, best.ToString(System.Globalization.CultureInfo.InvariantCulture), comment));
            case AnnotationKinds.Comment:
                if (comment is null) return Fail("comment", "a comment needs its text");
                return Ok(new(kind, input.CandidateIndex, "", comment));
            case AnnotationKinds.Rank:
                if (input.CandidateIndex is not null) return Fail("candidateIndex", "a rank lists candidates in its value, not in candidateIndex");
                return Rank(input.Value, candidates, comment);
            default:
                if (input.CandidateIndex is not null) return Fail("candidateIndex", "a pair names its candidates in its value, not in candidateIndex");
                return Pair(input.Value, candidates, comment);
        }
    }

    private static (Normalized?, string?, string?) Rank(string? value, IReadOnlyCollection<int> candidates, string? comment)
    {
        var expected = $"a JSON array of the candidate indices {Describe(candidates)}, each once, best first";
        int[]? order;
        try
        {
            order = string.IsNullOrWhiteSpace(value) ? null : JsonSerializer.Deserialize<int[]>(value);
        }
        catch (JsonException)
        {
            order = null;
        }
        if (order is null) return Fail("value", $"a rank's value must be {expected}");
        if (order.Length != candidates.Count || order.Distinct().Count() != order.Length || !order.All(candidates.Contains))
            return Fail("value", $"the rank [{string.Join(", ", order)}] is not {expected}");
        return Ok(new(AnnotationKinds.Rank, null, JsonSerializer.Serialize(order), comment));
    }

    private static (Normalized?, string?, string?) Pair(string? value, IReadOnlyCollection<int> candidates, string? comment)
    {
        var pair = PairValue.TryParse(value);
        if (pair is null) return Fail("value", "a pair's value must be {\"left\":i,\"right\":j,\"choice\":\"left|right|tie\"}");
        if (pair.Left == pair.Right) return Fail("value", $"a pair needs two different candidates (left and right are both {pair.Left})");
        foreach (var i in new[] { pair.Left, pair.Right })
            if (!candidates.Contains(i)) return Fail("value", $"the run has no candidate {i} (it has {Describe(candidates)})");
        if (!AnnotationKinds.Choices.Contains(pair.Choice))
            return Fail("value", $"a pair's choice must be one of {string.Join(", ", AnnotationKinds.Choices)}, not '{pair.Choice}'");
        return Ok(new(AnnotationKinds.Pair, null, pair.ToJson(), comment));
    }

    private static string Describe(IReadOnlyCollection<int> candidates) =>
        candidates.Count == 0 ? "no candidates" : string.Join(", ", candidates.Order());

    private static (Normalized?, string?, string?) Ok(Normalized value) => (value, null, null);
    private static (Normalized?, string?, string?) Fail(string field, string message) => (null, field, message);
}

/// <summary>A blind pair's stored value: which candidate was shown left and right, and the choice.</summary>
public sealed record PairValue(int Left, int Right, string Choice)
{
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object> { ["left"] = Left, ["right"] = Right, ["choice"] = Choice });

    /// <summary>Null when <paramref name="value"/> is not an object with integer left/right and a string choice.</summary>
    public static PairValue? TryParse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        try
        {
            using var doc = JsonDocument.Parse(value);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (!root.TryGetProperty("left", out var l) || l.ValueKind != JsonValueKind.Number || !l.TryGetInt32(out var left)) return null;
            if (!root.TryGetProperty("right", out var r) || r.ValueKind != JsonValueKind.Number || !r.TryGetInt32(out var right)) return null;
            if (!root.TryGetProperty("choice", out var c) || c.ValueKind != JsonValueKind.String) return null;
            return new PairValue(left, right, c.GetString()!.Trim().ToLowerInvariant());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
