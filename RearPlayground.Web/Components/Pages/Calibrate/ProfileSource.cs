using System.Globalization;
using System.Text.Json;
using RearPlayground.Data.Entities;

namespace RearPlayground.Web.Components.Pages.Calibrate;

/// <summary>One line on where a profile came from: "fitted on campaign 3 · 84.2 % of 1,204 pairs" or "set by hand".</summary>
public static class ProfileSource
{
    public static string Describe(ProfileEntity profile)
    {
        var by = $"{profile.CreatedBy}, {profile.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        if (profile.SourceJson is null) return $"set by hand · {by}";
        try
        {
            using var doc = JsonDocument.Parse(profile.SourceJson);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return by;
            var on = root.TryGetProperty("campaignId", out var c) && c.ValueKind == JsonValueKind.Number ? $"campaign {c.GetInt64()}"
                : root.TryGetProperty("runIds", out var r) && r.ValueKind == JsonValueKind.Array ? $"{r.GetArrayLength()} annotated runs"
                : null;
            var agreement = root.TryGetProperty("agreement", out var a) && a.ValueKind == JsonValueKind.Number
                ? (a.GetDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : null;
            var pairs = root.TryGetProperty("pairs", out var p) && p.ValueKind == JsonValueKind.Number
                ? p.GetInt32().ToString("N0", CultureInfo.InvariantCulture) : null;
            var fit = on is null ? "fitted" : $"fitted on {on}";
            return agreement is null ? $"{fit} · {by}" : $"{fit} · {agreement} of {pairs ?? "?"} pairs · {by}";
        }
        catch (JsonException)
        {
            return by;
        }
    }
}
