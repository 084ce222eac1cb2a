using RearPlayground.Data.Entities;
using RearPlayground.Web.Components.Shared.Heatmap;
using RearPlayground.Worker.Engine.Tokenization;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Components.Pages.Runs.Results;

/// <summary>
/// What the results page shows for one run, as plain state: the candidates, the chosen λ / γ / aggregation, the
/// ranking and λ sweep they give (recomputed only when what they depend on changes) and each candidate's heatmap
/// tokens. The components only draw it.
/// </summary>
public sealed class ResultsView
{
    private readonly Dictionary<int, string[]> _pieces = [];
    private readonly ITextTokenizer? _tokenizer;
    private List<ResultCandidate> _candidates;
    private SweepResult? _sweep;

    /// <param name="candidates">The run's stored candidates (any order).</param>
    /// <param name="tokenizer">The model's tokenizer, or null to show token ids instead of texts.</param>
    /// <param name="greedy">The run's greedy baseline row (includeGreedy), shown apart and never ranked; null: none.</param>
    public ResultsView(RunEntity run, RunRequest request, IReadOnlyList<CandidateEntity> candidates, ITextTokenizer? tokenizer,
        CandidateEntity? greedy = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(candidates);
        Run = run;
        Seed = request.Seed;
        ScoredByGenRm = string.Equals(request.Scorer?.Trim(), "genrm", StringComparison.OrdinalIgnoreCase);
        RunOptions = new RearOptions(request.Lambda, request.Gamma, Enum.TryParse<Aggregation>(request.Agg, true, out var agg) ? agg : Aggregation.Mean, request.ScoreEos);
        Options = RunOptions;
        _tokenizer = tokenizer;
        _candidates = [.. candidates.OrderBy(c => c.Index).Select(c => ResultCandidate.From(c, ScoredByGenRm))];
        Ranked = Ranking.Rank(_candidates, Options, Seed);
        Greedy = greedy is null ? null : ResultCandidate.From(greedy, scoredByGenRm: false);
    }

    public RunEntity Run { get; }
    /// <summary>The greedy baseline: outside <see cref="Candidates"/>, compared with them at <see cref="Options"/>.</summary>
    public ResultCandidate? Greedy { get; }

    /// <summary>The greedy baseline's S_REAR at the chosen options, through the one <see cref="Ranker"/>.</summary>
    public double? GreedyScore => Greedy is null ? null : Ranker.Score(Greedy, Options);

    /// <summary>How many of the N score strictly above the greedy baseline at the chosen options.</summary>
    public int? AboveGreedy => GreedyScore is { } g ? Ranked.Count(r => r.Score > g) : null;
    public long Seed { get; }
    /// <summary>The run was scored by GenRM: its stored scores are the GenRM ranks, nothing to compute.</summary>
    public bool ScoredByGenRm { get; }
    /// <summary>λ, γ, aggregation and EOS scoring the run itself used.</summary>
    public RearOptions RunOptions { get; }
    /// <summary>The chosen ones (start: the run's).</summary>
    public RearOptions Options { get; private set; }
    public HeatMode Mode { get; set; }
    public IReadOnlyList<ResultCandidate> Candidates => _candidates;
    /// <summary>Best first at <see cref="Options"/>.</summary>
    public IReadOnlyList<RankedCandidate> Ranked { get; private set; }
    public bool HasGenRm => _candidates.All(c => c.GenRmScore is not null);
    /// <summary>True when the model's tokenizer is not on this machine: heatmap tokens show their ids.</summary>
    public bool TokensAreIds => _tokenizer is null;

    /// <summary>Each candidate's score against λ over the chart's range, with the winner intervals; kept until γ or the aggregation change.</summary>
    public SweepResult Sweep => _sweep ??= LambdaSweep.Compute(_candidates, Options);

    public void SetLambda(double lambda)
    {
        if (!RearOptions.LambdaOk(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), RearOptions.LambdaRule);
        Update(Options with { Lambda = lambda }, sweepChanges: false);
    }

    /// <summary>Null when accepted, else why not (γ must be in (0, 1]).</summary>
    public string? SetGamma(double gamma)
    {
        if (!double.IsFinite(gamma) || gamma <= 0 || gamma > 1) return "γ must be in (0, 1]";
        Update(Options with { Gamma = gamma }, sweepChanges: true);
        return null;
    }

    public void SetAggregation(Aggregation aggregation) => Update(Options with { Aggregation = aggregation }, sweepChanges: true);

    /// <summary>Takes the GenRM scores the job stored; true when every candidate now has one.</summary>
    public bool TakeGenRm(IReadOnlyList<CandidateEntity> stored)
    {
        var scores = stored.ToDictionary(c => c.Index, c => c.GenRmScore);
        _candidates = [.. _candidates.Select(c => c with { GenRmScore = c.GenRmScore ?? scores.GetValueOrDefault(c.Index) })];
        Ranked = Ranking.Rank(_candidates, Options, Seed);
        return HasGenRm;
    }

    /// <summary>The candidate's tokens with ℓ0, ℓp and r_t at the chosen λ (r_t undiscounted, as <see cref="RearScore.TokenRewards"/>).</summary>
    public IReadOnlyList<HeatToken> Tokens(ResultCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (!_pieces.TryGetValue(candidate.Index, out var pieces))
            _pieces[candidate.Index] = pieces = _tokenizer is null ? TokenPieces.Ids(candidate.TokenIds) : TokenPieces.Split(_tokenizer, candidate.TokenIds);
        var rewards = RearScore.TokenRewards(candidate.Without, candidate.With, Options.Lambda);
        var count = Math.Min(pieces.Length, candidate.Without.Length);
        return [.. Enumerable.Range(0, count).Select(t => new HeatToken(t, pieces[t], candidate.Without[t], candidate.With[t], rewards[t]))];
    }

    /// <summary>One colour extent for every heatmap at once (all candidates, chosen mode and λ), so they compare.</summary>
    public double Extent() => HeatmapScale.Extent(_candidates.SelectMany(c =>
    {
        var rewards = RearScore.TokenRewards(c.Without, c.With, Options.Lambda);
        return Mode == HeatMode.Reward ? rewards : c.With.Zip(c.Without, (p, z) => (double)p - z);
    }));

    private void Update(RearOptions options, bool sweepChanges)
    {
        Options = options;
        Ranked = Ranking.Rank(_candidates, Options, Seed);
        if (sweepChanges) _sweep = null;
    }
}
