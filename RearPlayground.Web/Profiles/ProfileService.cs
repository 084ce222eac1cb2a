using System.Text.Json.Nodes;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Profiles;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Profiles;

/// <summary>A created profile, or a refusal: a 400 naming <see cref="Field"/>, or a 409.</summary>
public sealed record ProfileResult(ProfileEntity? Value, int Status, string? Field, string? Message)
{
    public bool Ok => Message is null;
    public static ProfileResult Of(ProfileEntity value, int status) => new(value, status, null, null);
    public static ProfileResult Refuse(int status, string message) => new(null, status, null, message);
    public static ProfileResult Invalid(string field, string message) => new(null, StatusCodes.Status400BadRequest, field, message);
}

/// <summary>What <c>POST /api/profiles</c> takes; <c>source</c>: any JSON object saying where the values came from (a fit's figures).</summary>
public sealed record ProfileCreate(string? Name, double? Lambda, double? Gamma, string? Aggregation, bool? ScoreEos, JsonObject? Source);

/// <summary>
/// Scorer profiles: any member saves one (a fit, or values set by hand); an admin deletes one or makes it the team's
/// default. The team default is what the Playground's picker starts on; the API and the CLI apply a profile only when a
/// request names it, so no one's runs change silently when an admin picks another default.
/// </summary>
public sealed class ProfileService(IProfileStore store, TimeProvider clock)
{
    public Task<IReadOnlyList<ProfileEntity>> ListAsync(CancellationToken ct) => store.ListAsync(ct);

    public Task<ProfileEntity?> FindAsync(string name, CancellationToken ct) => store.FindAsync(name.Trim(), ct);

    public async Task<ProfileResult> CreateAsync(ProfileCreate body, string caller, CancellationToken ct)
    {
        var missing = new[] { ("name", body.Name is null), ("lambda", body.Lambda is null), ("aggregation", body.Aggregation is null) }
            .FirstOrDefault(m => m.Item2).Item1;
        if (missing is not null) return ProfileResult.Invalid(missing, $"{missing} is required");
        var values = new ScorerProfile(body.Name!.Trim(), body.Lambda!.Value, body.Gamma ?? 1, body.Aggregation!.Trim().ToLowerInvariant(), body.ScoreEos ?? true);
        if (values.Validate().FirstOrDefault() is { Key: { } field } problem) return ProfileResult.Invalid(field, problem.Value[0]);
        var entity = new ProfileEntity
        {
            Name = values.Name, Lambda = values.Lambda, Gamma = values.Gamma, Aggregation = AggregationParser.Parse(values.Aggregation).Name(),
            ScoreEos = values.ScoreEos, SourceJson = body.Source?.ToJsonString(), CreatedBy = caller, CreatedAt = clock.GetUtcNow(),
        };
        return await store.CreateAsync(entity, ct) ? ProfileResult.Of(entity, StatusCodes.Status201Created)
            : ProfileResult.Refuse(StatusCodes.Status409Conflict, $"a profile named '{values.Name}' exists already");
    }

    public Task<bool> DeleteAsync(string name, CancellationToken ct) => store.DeleteAsync(name.Trim(), ct);

    public Task<bool> SetDefaultAsync(string name, CancellationToken ct) => store.SetDefaultAsync(name.Trim(), ct);

    /// <summary>
    /// The request with its named profile's values (<see cref="ScorerProfile.Apply"/>), or field → problems: an unknown
    /// profile (naming <c>profile</c>) or a value that conflicts with it. A request naming no profile comes back as it is.
    /// </summary>
    public async Task<(RunRequest Request, IReadOnlyDictionary<string, string[]> Errors)> ResolveAsync(RunRequest request, CancellationToken ct,
        ISet<string>? given = null)
    {
        if (string.IsNullOrWhiteSpace(request.Profile) || request.Profile.Length > ScorerProfile.MaxNameLength) return (request, Empty);
        var profile = await store.FindAsync(request.Profile.Trim(), ct);
        if (profile is null)
            return (request, new Dictionary<string, string[]> { ["profile"] = [$"unknown profile '{request.Profile}': see GET /api/profiles"] });
        var (resolved, conflicts) = ScorerProfile.From(profile).Apply(request, given);
        return conflicts.Count > 0 ? (request, conflicts) : (resolved, Empty);
    }

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();

    public static JsonObject ToJson(ProfileEntity p) => new()
    {
        ["name"] = p.Name,
        ["lambda"] = p.Lambda,
        ["gamma"] = p.Gamma,
        ["aggregation"] = p.Aggregation,
        ["scoreEos"] = p.ScoreEos,
        ["source"] = p.SourceJson is null ? null : JsonNode.Parse(p.SourceJson),
        ["createdBy"] = p.CreatedBy,
        ["createdAt"] = p.CreatedAt,
        ["teamDefault"] = p.IsTeamDefault,
    };
}
