using System.Globalization;
using System.Text.Json;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Components.Pages.Playground;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Components.Pages.History;

/// <summary>One setting of a run as a history row shows it: a key for tests, a short label and the value.</summary>
public sealed record RunSetting(string Key, string Label, string Value)
{
    public override string ToString() => $"{Label} {Value}";
}

/// <summary>
/// What tells runs with the same question apart in a list: N, M, the DVTS step rule, λ and the scorer, from the stored
/// request. Only what the method uses: greedy samples one candidate and only DVTS has M and steps.
/// </summary>
public static class RunSettings
{
    public static IReadOnlyList<RunSetting> Of(RunEntity run, RunRequest? request)
    {
        if (request is null) return [];
        var method = run.Method.Trim().ToLowerInvariant();
        var settings = new List<RunSetting>();
        if (method != "greedy") settings.Add(new("n", "N", Int(request.N)));
        if (method == "dvts")
        {
            settings.Add(new("m", "M", Int(request.M)));
            settings.Add(new("step", "step", request.StepTokens is { } t ? $"{Int(t)} token{(t == 1 ? "" : "s")}" : $"to \"{TextEscapes.Show(request.Stop)}\""));
        }
        if (request.Guidance is { } guidance) settings.Add(new("guidance", "λ_g", guidance.ToString("0.###", CultureInfo.InvariantCulture)));
        settings.Add(new("lambda", "λ", request.Lambda.ToString("0.###", CultureInfo.InvariantCulture)));
        settings.Add(new("scorer", "scorer", request.Scorer));
        return settings;
    }

    /// <summary>The stored request; null when unreadable (a row written by an older version): the row shows no settings.</summary>
    public static RunRequest? Request(RunEntity run)
    {
        try
        {
            return RunService.ReadRequest(run);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);
}
