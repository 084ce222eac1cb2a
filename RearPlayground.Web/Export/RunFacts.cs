using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Export;

/// <summary>What the exports read from a run's stored JSON.</summary>
public static class RunFacts
{
    /// <summary>
    /// Whether the run's model is a chat model: its stored <c>runStarted</c> event names the chat template the run
    /// really used (<c>model.chatTemplate</c>, "None" for a plain model). That is the record of the run itself, so it
    /// holds even after the model folder changed or was removed, and it needs no model load (the catalogue would).
    /// A run without that event (it never started) counts as plain.
    /// </summary>
    public static bool IsChat(string? runStartedJson)
    {
        if (string.IsNullOrWhiteSpace(runStartedJson)) return false;
        try
        {
            var template = JsonNode.Parse(runStartedJson)?["model"]?["chatTemplate"];
            return template is JsonValue v && v.GetValueKind() == JsonValueKind.String
                && v.GetValue<string>() is { Length: > 0 } name && !name.Equals("None", StringComparison.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The λ the run was scored with (the request's, 20 when it named none); null when the request is unreadable.</summary>
    public static double? Lambda(RunEntity run)
    {
        try
        {
            return RunService.ReadRequest(run)?.Lambda;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The mean of a stored float array (ℓ0 or ℓp per token; −∞ stored as "-Infinity"); null when empty or unreadable.</summary>
    public static double? Mean(string json)
    {
        try
        {
            var values = StoredArrays.LogProbs(json);
            return values is { Length: > 0 } ? values.Average(v => (double)v) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The number of tokens of a stored token id array.</summary>
    public static int Tokens(string json)
    {
        try
        {
            return StoredArrays.TokenIds(json).Length;
        }
        catch (JsonException)
        {
            return 0;
        }
    }
}
