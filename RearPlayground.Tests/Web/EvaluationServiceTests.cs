using System.Security.Claims;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Evaluations;
using RearPlayground.Tests.Data;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Evaluations;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Web;

/// <summary>Submitting, cancelling and deleting evaluations: the store first, then the queue; who may change one.</summary>
public class EvaluationServiceTests
{
    private const string Dataset = "{\"question\":\"q\",\"preference\":\"p\",\"maxWords\":3}\n{\"question\":\"q2\",\"preference\":\"p2\",\"maxWords\":3}";

    [Fact]
    public async Task Submit_stores_a_queued_evaluation_with_its_total_and_enqueues_its_job()
    {
        await using var db = await TempDatabase.CreateAsync();
        var (service, store, jobs) = Create(db);

        var evaluation = await service.SubmitAsync(Request(), "two.jsonl", Dataset, "alice");

        var stored = (await store.FindAsync(evaluation.Id))!;
        // 2 items × 2 runs: greedy, and bon-rear whose candidates bon-l0 also picks from.
        Assert.Equal((RunStatus.Queued, 4, "alice", "two.jsonl", Dataset), (stored.Status, stored.Total, stored.Owner, stored.DatasetName, stored.DatasetJsonl));
        Assert.Equal(["greedy", "bon-rear", "bon-l0"], EvalRequest.FromJson(stored.SettingsJson).Methods);
        var job = Assert.Single(jobs.Created);
        Assert.Equal((typeof(EvalJob), nameof(EvalJob.ExecuteAsync), evaluation.Id), (job.Job.Type, job.Job.Method.Name, (Guid)job.Job.Args[0]));
        Assert.Equal(job.Id, stored.JobId);
    }

    [Fact]
    public async Task Invalid_options_or_dataset_store_nothing()
    {
        await using var db = await TempDatabase.CreateAsync();
        var (service, store, jobs) = Create(db);

        var options = await Assert.ThrowsAsync<ArgumentException>(() => service.SubmitAsync(Request() with { N = 0 }, "d.jsonl", Dataset, "alice"));
        var dataset = await Assert.ThrowsAsync<ArgumentException>(() => service.SubmitAsync(Request(), "d.jsonl", "{\"question\":\"q\"}", "alice"));

        Assert.Equal("n must be at least 1", options.Message);
        Assert.Equal("line 1: missing \"preference\"", dataset.Message);
        Assert.Empty(await store.ListAsync());
        Assert.Empty(jobs.Created);
    }

    [Fact]
    public async Task Cancel_ends_a_queued_evaluation_and_deletes_its_job_delete_waits_for_the_end()
    {
        await using var db = await TempDatabase.CreateAsync();
        var (service, store, jobs) = Create(db);
        var evaluation = await service.SubmitAsync(Request(), "two.jsonl", Dataset, "alice");

        Assert.False(await service.DeleteAsync(evaluation)); // still queued
        Assert.True(await service.CancelAsync(evaluation));
        Assert.False(await service.CancelAsync(evaluation)); // already ended

        Assert.Equal(RunStatus.Cancelled, (await store.FindAsync(evaluation.Id))!.Status);
        Assert.Equal([(evaluation.JobId!, DeletedState.StateName)], jobs.Changed);
        Assert.True(await service.DeleteAsync(evaluation));
        Assert.Null(await store.FindAsync(evaluation.Id));
    }

    [Fact]
    public void Owners_and_admins_may_change_an_evaluation_others_may_not()
    {
        var evaluation = new EvaluationEntity
        {
            Owner = "alice@example.org", Model = "m", DatasetName = "d", DatasetJsonl = "", SettingsJson = "{}",
        };

        Assert.True(EvaluationService.MayChange(evaluation, User("alice@example.org")));
        Assert.True(EvaluationService.MayChange(evaluation, User("boss@example.org", Roles.Admin)));
        Assert.False(EvaluationService.MayChange(evaluation, User("bob@example.org", Roles.Annotator)));
    }

    private static ClaimsPrincipal User(string name, params string[] roles) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    private static EvalRequest Request() => new() { Model = "stories260K", Methods = ["greedy", "bon-rear", "bon-l0"], N = 2, MaxTokens = 4 };

    private static (EvaluationService, IEvaluationStore, RecordingJobs) Create(TempDatabase db)
    {
        var store = db.Services.GetRequiredService<IEvaluationStore>();
        var jobs = new RecordingJobs();
        return (new EvaluationService(store, jobs, new RunCancellation(), new RunLimits()), store, jobs);
    }

    /// <summary>Hangfire's client, recording instead of queueing.</summary>
    private sealed class RecordingJobs : IBackgroundJobClient
    {
        public List<(string Id, Job Job)> Created { get; } = [];
        public List<(string Id, string State)> Changed { get; } = [];

        public string Create(Job job, IState state)
        {
            var id = (Created.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Created.Add((id, job));
            return id;
        }

        public bool ChangeState(string jobId, IState state, string expectedState)
        {
            Changed.Add((jobId, state.Name));
            return true;
        }
    }
}
