using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Annotations;
using RearPlayground.Web.Campaigns.Statistics;

namespace RearPlayground.Web.Components.Pages.Annotate;

/// <summary>
/// What the Annotate page shows for one run and one user, from the run's annotations: the user's own pick and rank
/// (to update rather than duplicate), the blind pairs still to judge, the user's and everyone else's annotations,
/// and the agreement table. Everyone else's judgements, and the agreement made from them, stay hidden until the user
/// has judged the run themself (a best pick, a rank or a blind pair; a comment does not count), so that nobody is
/// anchored on a teammate's verdict. Plain data, rebuilt after every save.
/// </summary>
public sealed class RunAnnotations
{
    public RunAnnotations(string user, Guid runId, IReadOnlyList<int> candidates, IReadOnlyList<AnnotationEntity> annotations)
    {
        User = user;
        Candidates = candidates;
        All = annotations;
        Own = [.. annotations.Where(a => a.Annotator == user)];
        HasJudged = Own.Any(a => AnnotationKinds.Judgements.Contains(a.Kind));
        var others = annotations.Where(a => a.Annotator != user).ToList();
        Others = HasJudged ? others : [];
        HiddenOthers = HasJudged ? 0 : others.Count;
        OwnBest = Own.LastOrDefault(a => a.Kind == AnnotationKinds.Best);
        OwnRank = Own.LastOrDefault(a => a.Kind == AnnotationKinds.Rank);
        var judged = Own.Where(a => a.Kind == AnnotationKinds.Pair).Select(a => PairValue.TryParse(a.Value))
            .OfType<PairValue>().Select(p => CandidatePair.Of(p.Left, p.Right)).ToHashSet();
        var plan = BlindPairPlan.For(user, runId, candidates);
        PairCount = plan.Count;
        RemainingPairs = [.. plan.Where(p => !judged.Contains(p.Normalised))];
        Agreements = HasJudged ? CohensKappa.Between(PairwisePreferences.Derive(annotations, candidates)) : [];
    }

    public string User { get; }
    public IReadOnlyList<int> Candidates { get; }
    public IReadOnlyList<AnnotationEntity> All { get; }
    public IReadOnlyList<AnnotationEntity> Own { get; }
    /// <summary>Everyone else's annotations: none until <see cref="HasJudged"/>, <see cref="HiddenOthers"/> counting them.</summary>
    public IReadOnlyList<AnnotationEntity> Others { get; }
    public int HiddenOthers { get; }
    /// <summary>Whether the user has judged this run (best, rank or pair).</summary>
    public bool HasJudged { get; }
    public AnnotationEntity? OwnBest { get; }
    public AnnotationEntity? OwnRank { get; }

    /// <summary>Every pair of the run (n(n − 1)/2) and those the user has not judged yet, in the user's blind order.</summary>
    public int PairCount { get; }
    public IReadOnlyList<BlindPair> RemainingPairs { get; }
    public int JudgedPairs => PairCount - RemainingPairs.Count;

    public IReadOnlyList<AnnotatorAgreement> Agreements { get; }

    /// <summary>The user's rank if there is one, else the candidates in index order.</summary>
    public IReadOnlyList<int> StartingOrder =>
        OwnRank is not null && PairwisePreferences.Order(OwnRank.Value) is { } order && order.Order().SequenceEqual(Candidates.Order())
            ? order : Candidates;
}
