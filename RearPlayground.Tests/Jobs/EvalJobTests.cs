using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Evaluations;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Jobs;

/// <summary>The evaluation job on stories260K against the real store on a temp SQLite file.</summary>
public class EvalJobTests
{
    private const string TwoItems =
        """
        {"id": "cat", "question": "Once upon a time", "preference": "Tom was a cat who loved to eat fish.", "mustMention": ["cat", "fish"]}
        {"id": "short", "question": "One day", "preference": "The story is short.", "maxWords": 40}
        """;

    [Fact]
    public async Task An_evaluation_succeeds_with_the_eval_report_and_full_progress()
    {
        await using var h = await JobsHarness.CreateAsync();
        var store = h.Services.GetRequiredService<IEvaluationStore>();
        var id = await SubmitAsync(store, Request(), TwoItems);

        await h.Services.GetRequiredService<EvalJob>().ExecuteAsync(id, CancellationToken.None);

        var evaluation = (await store.FindAsync(id))!;
        Assert.Equal(RunStatus.Succeeded, evaluation.Status);
        Assert.Null(evaluation.Error);
        Assert.Equal((4, 4), (evaluation.Done, evaluation.Total)); // 2 items × 2 runs (greedy, bon-rear)
        Assert.True(evaluation.StartedAt <= evaluation.FinishedAt);
        var report = JsonNode.Parse(evaluation.ResultJson!)!;
        Assert.Equal("stories260K", report["model"]!.GetValue<string>());
        Assert.Equal("two.jsonl", report["dataset"]!.GetValue<string>());
        var methods = report["methods"]!.AsObject();
        Assert.Equal(["greedy", "bon-rear"], methods.Select(m => m.Key));
        foreach (var (_, method) in methods)
        {
            var rate = method!["passRate"]!.GetValue<double>();
            Assert.InRange(rate, 0, 1);
            Assert.InRange(method["ci"]!["lo"]!.GetValue<double>(), 0, rate);
            Assert.InRange(method["ci"]!["hi"]!.GetValue<double>(), rate, 1);
            Assert.Equal(2, method["items"]!.GetValue<int>());
        }
        Assert.Equal(2, report["items"]!.AsArray().Count);
        Assert.False(h.Cancellation.IsRunning(id));
    }

    [Fact]
    public async Task Cancelling_mid_evaluation_ends_it_cancelled_without_a_report()
    {
        await using var h = await JobsHarness.CreateAsync();
        var inner = h.Services.GetRequiredService<IEvaluationStore>();
        // The cancel lands once a search has finished: a real mid-run cancel, as the page's Cancel button does it.
        var store = new ProgressHook(inner, (id, done) => { if (done >= 1) h.Cancellation.Cancel(id); });
        var id = await SubmitAsync(inner, Request(), Many(10));
        var job = Job(h, store);

        await job.ExecuteAsync(id, CancellationToken.None);

        var evaluation = (await inner.FindAsync(id))!;
        Assert.Equal(RunStatus.Cancelled, evaluation.Status);
        Assert.Null(evaluation.Error);
        Assert.Null(evaluation.ResultJson);
        Assert.InRange(evaluation.Done, 1, evaluation.Total - 1);
        Assert.False(h.Cancellation.IsRunning(id));
    }

    [Fact]
    public async Task A_cancel_requested_from_another_process_is_seen_through_the_store()
    {
        await using var h = await JobsHarness.CreateAsync();
        var inner = h.Services.GetRequiredService<IEvaluationStore>();
        var requested = false;
        var store = new ProgressHook(inner, (id, done) =>
        {
            if (done < 1 || requested) return;
            requested = true;
            // Only the stored flag, as the web app sets it for an evaluation in another process; then give the poll time.
            Assert.True(inner.RequestCancelAsync(id).GetAwaiter().GetResult());
            Thread.Sleep(500);
        });
        var id = await SubmitAsync(inner, Request(), Many(10));

        await Job(h, store, TimeSpan.FromMilliseconds(20)).ExecuteAsync(id, CancellationToken.None);

        var evaluation = (await inner.FindAsync(id))!;
        Assert.Equal((RunStatus.Cancelled, (string?)null), (evaluation.Status, evaluation.Error));
        Assert.True(evaluation.CancelRequested);
    }

    [Fact]
    public async Task Worker_shutdown_cancels_the_evaluation_and_says_so()
    {
        await using var h = await JobsHarness.CreateAsync();
        var inner = h.Services.GetRequiredService<IEvaluationStore>();
        using var shutdown = new CancellationTokenSource();
        var store = new ProgressHook(inner, (_, done) => { if (done >= 1) shutdown.Cancel(); });
        var id = await SubmitAsync(inner, Request(), Many(10));

        await Job(h, store).ExecuteAsync(id, shutdown.Token);

        var evaluation = (await inner.FindAsync(id))!;
        Assert.Equal((RunStatus.Cancelled, EvalJob.StoppedError), (evaluation.Status, evaluation.Error));
    }

    [Fact]
    public async Task An_evaluation_cancelled_while_queued_is_never_started()
    {
        await using var h = await JobsHarness.CreateAsync();
        var store = h.Services.GetRequiredService<IEvaluationStore>();
        var id = await SubmitAsync(store, Request(), TwoItems);
        Assert.True(await store.RequestCancelAsync(id));

        await h.Services.GetRequiredService<EvalJob>().ExecuteAsync(id, CancellationToken.None);

        var evaluation = (await store.FindAsync(id))!;
        Assert.Equal((RunStatus.Cancelled, 0, (DateTimeOffset?)null), (evaluation.Status, evaluation.Done, evaluation.StartedAt));
        Assert.Empty(h.Pool.Loaded);
    }

    [Fact]
    public async Task A_stored_dataset_with_a_bad_line_fails_the_evaluation_naming_the_line()
    {
        await using var h = await JobsHarness.CreateAsync();
        var store = h.Services.GetRequiredService<IEvaluationStore>();
        var id = await SubmitAsync(store, Request(), TwoItems + "\n{\"question\": \"q\"}");

        await h.Services.GetRequiredService<EvalJob>().ExecuteAsync(id, CancellationToken.None);

        var evaluation = (await store.FindAsync(id))!;
        Assert.Equal(RunStatus.Failed, evaluation.Status);
        Assert.Equal("two.jsonl: line 3: missing \"preference\"", evaluation.Error);
        Assert.Empty(h.Pool.Loaded);
    }

    [Fact]
    public async Task A_model_that_does_not_exist_fails_the_evaluation_with_a_message()
    {
        await using var h = await JobsHarness.CreateAsync();
        var store = h.Services.GetRequiredService<IEvaluationStore>();
        var id = await SubmitAsync(store, Request() with { Model = "no-such-model" }, TwoItems);

        await h.Services.GetRequiredService<EvalJob>().ExecuteAsync(id, CancellationToken.None);

        var evaluation = (await store.FindAsync(id))!;
        Assert.Equal(RunStatus.Failed, evaluation.Status);
        Assert.Contains("no-such-model", evaluation.Error);
    }

    private static EvalRequest Request() => new()
    {
        Model = "stories260K", Methods = ["greedy", "bon-rear"], N = 2, M = 2, MaxTokens = 8, Bootstrap = 50, Seed = 3,
    };

    private static string Many(int count) => string.Join('\n', Enumerable.Range(0, count).Select(i =>
        $$"""{"question": "Once upon a time", "preference": "Tom was a cat number {{i}}.", "mustMention": ["cat"]}"""));

    private static async Task<Guid> SubmitAsync(IEvaluationStore store, EvalRequest request, string jsonl)
    {
        var evaluation = new EvaluationEntity
        {
            Id = Guid.NewGuid(), Owner = "tests", Model = request.Model!, DatasetName = "two.jsonl", DatasetJsonl = jsonl,
            SettingsJson = request.ToJson(), Status = RunStatus.Queued,
        };
        await store.CreateAsync(evaluation);
        return evaluation.Id;
    }

    // Every progress report reaches the store (no throttle), so the hooks see each search start.
    private static EvalJob Job(JobsHarness h, IEvaluationStore store, TimeSpan? cancelPoll = null) =>
        new(store, h.Pool, h.Cancellation, new RunLimits(), NullLogger<EvalJob>.Instance)
        {
            ProgressInterval = TimeSpan.Zero,
            CancelPollInterval = cancelPoll ?? TimeSpan.FromSeconds(2),
        };

    /// <summary>The real store, with a callback after each progress write.</summary>
    private sealed class ProgressHook(IEvaluationStore inner, Action<Guid, int> onProgress) : IEvaluationStore
    {
        public async Task UpdateProgressAsync(Guid id, int done, int total, CancellationToken cancellationToken = default)
        {
            await inner.UpdateProgressAsync(id, done, total, cancellationToken);
            onProgress(id, done);
        }

        public Task CreateAsync(EvaluationEntity evaluation, CancellationToken cancellationToken = default) => inner.CreateAsync(evaluation, cancellationToken);
        public Task<EvaluationEntity?> FindAsync(Guid id, CancellationToken cancellationToken = default) => inner.FindAsync(id, cancellationToken);
        public Task SetJobIdAsync(Guid id, string jobId, CancellationToken cancellationToken = default) => inner.SetJobIdAsync(id, jobId, cancellationToken);
        public Task<IReadOnlyList<EvaluationEntity>> ListAsync(int limit = 50, CancellationToken cancellationToken = default) => inner.ListAsync(limit, cancellationToken);
        public Task<bool> TryStartAsync(Guid id, int total, CancellationToken cancellationToken = default) => inner.TryStartAsync(id, total, cancellationToken);
        public Task<bool> TryFinishAsync(Guid id, RunStatus status, string? resultJson, string? error, CancellationToken cancellationToken = default) =>
            inner.TryFinishAsync(id, status, resultJson, error, cancellationToken);
        public Task<bool> RequestCancelAsync(Guid id, CancellationToken cancellationToken = default) => inner.RequestCancelAsync(id, cancellationToken);
        public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);
        public Task<int> MarkInterruptedAsync(IEnumerable<RunStatus> fromStatuses, CancellationToken cancellationToken = default) =>
            inner.MarkInterruptedAsync(fromStatuses, cancellationToken);
    }
}
