using RearPlayground.Web.Batches;
using RearPlayground.Web.Components.Pages.Playground;
using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Components.Pages.Batches;

/// <summary>
/// The start form's fields and the POST /api/batches body they make (the page calls the same service). A scorer profile
/// picked (<see cref="ProfilePicker"/>) sets λ, γ, aggregation and EOS, and the batch's request records its name while λ
/// keeps the profile's value (γ, aggregation and EOS are not on the form: without a profile they are the run defaults).
/// </summary>
public sealed class BatchStartForm : IProfileTarget
{
    public long? DatasetId { get; set; }
    public int From { get; set; }
    /// <summary>Null or 0: every item from <see cref="From"/> on.</summary>
    public int? Count { get; set; }
    public string? Model { get; set; }
    public string Method { get; set; } = "bon";
    public int N { get; set; } = 8;
    public int M { get; set; } = 4;
    public double Lambda { get; set; } = 20;
    public double Gamma { get; set; } = 1;
    public string Agg { get; set; } = "mean";
    public bool ScoreEos { get; set; } = true;
    public ScorerProfile? SelectedProfile { get; private set; }
    public int MaxTokens { get; set; } = 64;
    public bool IncludeGreedy { get; set; } = true;
    /// <summary>none (items judged by their rule checks), or an extractor of <see cref="AnswerRule.Extractors"/>.</summary>
    public string Answer { get; set; } = "none";
    public string? Pattern { get; set; }

    public void ApplyProfile(ScorerProfile? profile)
    {
        SelectedProfile = profile;
        if (profile is not null) (Lambda, Gamma, Agg, ScoreEos) = (profile.Lambda, profile.Gamma, profile.Aggregation, profile.ScoreEos);
        // Back to custom: γ, aggregation and EOS have no field here, so they return to the defaults rather than keep a profile's.
        else (Gamma, Agg, ScoreEos) = (1, "mean", true);
    }

    /// <summary>A new form starts at the team's default profile, as a new Playground run does; none: the run defaults.</summary>
    public void Preselect(IReadOnlyList<ScorerProfile> profiles, string? teamDefault)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.FirstOrDefault(p => p.Name == teamDefault) is { } profile) ApplyProfile(profile);
    }

    public string? ProfileInUse => SelectedProfile is { } p && p.Lambda == Lambda ? p.Name : null;

    public BatchBody ToBody() => new(DatasetId,
        From == 0 && Count is null or 0 ? null : new BatchRange(From, Count is > 0 ? Count.Value : int.MaxValue - From),
        ToRequest(),
        null,
        Answer == "none" ? null : new AnswerRule(Answer, Answer == AnswerRule.RegexName ? Pattern : null));

    private RunRequest ToRequest()
    {
        var request = new RunRequest { Model = Model, Method = Method, N = N, M = M, Lambda = Lambda, MaxTokens = MaxTokens, IncludeGreedy = IncludeGreedy };
        // λ edited away from the profile: a custom batch with the run defaults for the fields the form does not show.
        return ProfileInUse is { } name ? request with { Gamma = Gamma, Agg = Agg, ScoreEos = ScoreEos, Profile = name } : request;
    }
}
