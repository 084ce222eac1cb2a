using Hangfire;
using Microsoft.Extensions.Logging;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search.Scorers;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// The results page's GenRM baseline for a run that was not scored by GenRM: the run's model judges each stored
/// candidate (<see cref="GenRmScorer"/>) and the scores are stored together, in one transaction. A few seconds of
/// model work, so it queues with the searches ("gpu") and takes the model from the pool.
/// </summary>
public sealed class GenRmRankJob(IRunStore store, ModelPool pool, ILogger<GenRmRankJob> logger)
{
    /// <summary>Never retried: a failure (e.g. a judging prompt longer than the model allows) fails the same way again.</summary>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(RunJob.DatabaseQueue)]
    public async Task ExecuteAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await store.FindAsync(runId, cancellationToken) ?? throw new KeyNotFoundException($"No run {runId}.");
        if (run.Status != RunStatus.Succeeded) throw new InvalidOperationException($"run {runId} is {run.Status}: only a succeeded run has its candidates");
        var candidates = await store.CandidatesAsync(runId, cancellationToken);
        if (candidates.Count == 0 || candidates.All(c => c.GenRmScore is not null))
        {
            logger.LogInformation("run {RunId} needs no GenRM scores", runId);
            return;
        }
        var request = RunRequest.FromJson(run.RequestJson) ?? new RunRequest();
        // Model work on a dedicated thread, as a search's is.
        var scores = await Task.Factory.StartNew(() =>
        {
            using var lease = pool.Rent(run.Model, request.DeviceOr(pool.DefaultDevice), request.Variant);
            return Score(lease.Model, run.Question, run.Preference, request.Separator, candidates, cancellationToken);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await store.SetGenRmScoresAsync(runId, scores, CancellationToken.None);
    }

    /// <summary>GenRM's score of each stored candidate, keyed by its index: one batched pass of <see cref="GenRmScorer"/>.</summary>
    public static Dictionary<int, double> Score(LanguageModel model, string question, string? preference, string separator,
        IReadOnlyList<CandidateEntity> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(candidates);
        var context = new ScoringContext(question, preference, ContextBuilder.Build(model, question, preference, separator));
        var paths = candidates.Select(c => new ScoredPath(
            StoredArrays.TokenIds(c.TokenIdsJson),
            StoredArrays.LogProbs(c.LogProbsWithoutJson),
            StoredArrays.LogProbs(c.LogProbsWithJson),
            c.FinishReason == "eos")).ToArray();
        var scores = new GenRmScorer().Score(model, context, paths, cancellationToken);
        return candidates.Select((c, i) => (c.Index, Score: scores[i])).ToDictionary(s => s.Index, s => s.Score);
    }
}
