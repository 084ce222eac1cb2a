using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Models;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Rear.Inspection;

namespace RearPlayground.Web.Runs.Inspection;

/// <summary>
/// The token inspector for the API and the pages: a stored candidate's or node's tokens teacher-forced again on the run's
/// model (taken from the pool, on a thread of its own as a search's work is), at the run's λ, cached per run, target and k.
/// Nothing is stored: the run keeps its ℓ0/ℓp only.
/// </summary>
public sealed class TokenInspections(IRunStore store, ModelPool pool, InspectionCache cache)
{
    public async Task<InspectOutcome> InspectAsync(Guid runId, InspectTarget target, int topK, CancellationToken cancellationToken = default)
    {
        if (!TokenInspection.TopKOk(topK)) throw new ArgumentOutOfRangeException(nameof(topK), TokenInspection.TopKRule);
        if (await store.FindAsync(runId, cancellationToken) is not { } run) return InspectOutcome.Missing($"no run {runId}");
        var tokens = target switch
        {
            InspectTarget.Candidate c => await CandidateAsync(runId, c.Index, cancellationToken),
            InspectTarget.Node n => await NodeAsync(runId, n, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
        if (tokens is not var (prefix, response)) return InspectOutcome.Missing(target switch
        {
            InspectTarget.Candidate c => $"run {runId} has no candidate {c.Index}",
            InspectTarget.Node n => $"run {runId} has no node {n.NodeId}",
            _ => "",
        });
        try
        {
            // The run's own λ and k are part of the key; a node's step and its whole path are different targets.
            var inspection = await cache.GetOrAdd((runId, target, topK), () => ComputeAsync(run, prefix, response, topK))
                .WaitAsync(cancellationToken);
            return new InspectOutcome(inspection, InspectFailure.None, null);
        }
        catch (ModelLoadException e)
        {
            return new InspectOutcome(null, InspectFailure.ModelUnavailable,
                $"the token inspector runs the run's model again, and it cannot be used here: {e.Message}. " +
                "The run's stored ℓ0/ℓp and scores stay readable without it.");
        }
    }

    private Task<TokenInspection> ComputeAsync(RunEntity run, int[] prefix, int[] response, int topK)
    {
        var request = RunRequest.FromJson(run.RequestJson) ?? new RunRequest();
        // Model work on a dedicated thread, as a search's and GenRM's are; a shared computation is not cancelled by one caller.
        return Task.Factory.StartNew(() =>
        {
            using var lease = pool.Rent(run.Model, request.DeviceOr(pool.DefaultDevice), request.Variant);
            var contexts = ContextBuilder.Build(lease.Model, run.Question, run.Preference, request.Separator, request.SystemPrompt());
            return TokenInspector.Inspect(lease.Model, contexts, prefix, response, topK, RunPicks.OptionsOf(request).Lambda);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private async Task<(int[] Prefix, int[] Response)?> CandidateAsync(Guid runId, int index, CancellationToken ct)
    {
        var rows = (await store.CandidatesAsync(runId, ct)).Concat(await store.BaselinesAsync(runId, ct));
        return rows.FirstOrDefault(c => c.Index == index) is { } row ? ([], StoredArrays.TokenIds(row.TokenIdsJson)) : null;
    }

    private async Task<(int[] Prefix, int[] Response)?> NodeAsync(Guid runId, InspectTarget.Node target, CancellationToken ct)
    {
        var nodes = (await store.NodesAsync(runId, ct)).ToDictionary(n => n.NodeId);
        if (!nodes.TryGetValue(target.NodeId, out var node)) return null;
        var ancestors = new List<int[]>();
        var seen = new HashSet<int> { node.NodeId };
        for (var parent = node.ParentId; parent is { } p && nodes.TryGetValue(p, out var up) && seen.Add(p); parent = up.ParentId)
            ancestors.Add(StoredArrays.TokenIds(up.TokenIdsJson));
        ancestors.Reverse();
        int[] prefix = [.. ancestors.SelectMany(a => a)];
        var own = StoredArrays.TokenIds(node.TokenIdsJson);
        return target.WholePath ? ([], [.. prefix, .. own]) : (prefix, own);
    }
}
