using System.Text.Json;
using System.Text.Json.Serialization;
using RearPlayground.Data.Entities;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Contracts;

/// <summary>
/// A named scorer profile's values (λ, γ, aggregation, EOS rule) and how a run request takes them. The same rule in the
/// API, the Playground and the CLI: a request naming a profile gets its four values; it may repeat one only with the
/// profile's value (or leave it at the default, which the API cannot tell from leaving it out) — any other value is a
/// conflict, refused naming the field, never silently overridden. The stored request keeps the name and the values used.
/// </summary>
public sealed record ScorerProfile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("lambda")] double Lambda,
    [property: JsonPropertyName("gamma")] double Gamma,
    [property: JsonPropertyName("aggregation")] string Aggregation,
    [property: JsonPropertyName("scoreEos")] bool ScoreEos)
{
    public const int MaxNameLength = 100;

    public static ScorerProfile From(ProfileEntity p) => new(p.Name, p.Lambda, p.Gamma, p.Aggregation, p.ScoreEos);

    /// <summary>A profile as <c>GET /api/profiles/{name}</c> writes it (extra fields ignored); the CLI reads such a file.</summary>
    public static ScorerProfile? FromJson(string json) => JsonSerializer.Deserialize<ScorerProfile>(json, StoredJson.Options);

    /// <summary>
    /// The request with this profile's values, or the fields that conflict (camelCase, as a 400 names them).
    /// <paramref name="given"/>: which of lambda, gamma, agg, scoreEos the caller set explicitly, when it can tell (the CLI);
    /// null: a value other than the default counts as given (the API's JSON, where a default and a missing field look alike).
    /// </summary>
    public (RunRequest Request, IReadOnlyDictionary<string, string[]> Conflicts) Apply(RunRequest request, ISet<string>? given = null)
    {
        var defaults = new RunRequest();
        var conflicts = new Dictionary<string, string[]>();
        void Check(string field, bool explicitlySet, bool same, string value)
        {
            if (explicitlySet && !same)
                conflicts[field] = [$"{field} conflicts with profile '{Name}' ({field} = {value}): leave it out or give the profile's value"];
        }
        Check("lambda", given?.Contains("lambda") ?? request.Lambda != defaults.Lambda, request.Lambda == Lambda, Lambda.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Check("gamma", given?.Contains("gamma") ?? request.Gamma != defaults.Gamma, request.Gamma == Gamma, Gamma.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Check("agg", given?.Contains("agg") ?? !Same(request.Agg, defaults.Agg), Same(request.Agg, Aggregation), Aggregation);
        Check("scoreEos", given?.Contains("scoreEos") ?? request.ScoreEos != defaults.ScoreEos, request.ScoreEos == ScoreEos, ScoreEos ? "true" : "false");
        return (request with { Profile = Name, Lambda = Lambda, Gamma = Gamma, Agg = Aggregation, ScoreEos = ScoreEos }, conflicts);
    }

    /// <summary>Field → problems of the values themselves (the edge's checks for a new profile).</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > MaxNameLength || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            errors["name"] = [$"name must be 1 to {MaxNameLength} letters, digits, '-', '_' or '.'"];
        if (!RearOptions.LambdaOk(Lambda)) errors["lambda"] = [RearOptions.LambdaRule];
        if (!RearOptions.GammaOk(Gamma)) errors["gamma"] = [RearOptions.GammaRule];
        try { AggregationParser.Parse(Aggregation ?? ""); }
        catch (ArgumentException e) { errors["aggregation"] = [e.Message]; }
        return errors;
    }

    private static bool Same(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);
}
