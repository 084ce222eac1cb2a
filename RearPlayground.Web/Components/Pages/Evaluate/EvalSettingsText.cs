using System.Globalization;
using System.Text.Json;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Web.Components.Pages.Evaluate;

/// <summary>An evaluation's options in one line, as a reader wants them beside its results.</summary>
public static class EvalSettingsText
{
    public static string Of(string settingsJson)
    {
        EvalRequest r;
        try { r = EvalRequest.FromJson(settingsJson); }
        catch (JsonException) { return "settings unreadable"; }
        var parts = new List<string>
        {
            string.Join(", ", r.Methods),
            $"N {r.N}", $"M {r.M}", $"max tokens {r.MaxTokens}",
        };
        if (r.StepTokens is { } step) parts.Add($"step tokens {step}");
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"λ {r.Lambda}"));
        parts.Add($"seed {r.Seed}");
        parts.Add($"bootstrap {r.Bootstrap}");
        if (r.Limit is { } limit) parts.Add($"first {limit} items");
        return string.Join(" · ", parts);
    }
}
