namespace RearPlayground.Data.Entities;

/// <summary>
/// A named scorer profile: λ, γ, aggregation and EOS rule, fitted to a team's judgments or set by hand. A run, the
/// Playground and the CLI can name one instead of giving the values; at most one is the team's default.
/// </summary>
public sealed class ProfileEntity
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public double Lambda { get; set; }
    public double Gamma { get; set; }
    public required string Aggregation { get; set; }
    public bool ScoreEos { get; set; }
    /// <summary>Where it came from: a JSON object (e.g. the campaign or runs it was fitted on, its agreement), or null when set by hand.</summary>
    public string? SourceJson { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool IsTeamDefault { get; set; }
}
