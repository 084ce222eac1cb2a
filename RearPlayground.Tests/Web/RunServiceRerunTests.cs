using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Data;
using RearPlayground.Tests.Jobs;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Tests.Web;

/// <summary>
/// <see cref="RunService.RerunAsync"/>, the one re-run that the API, the history page and the run page call: the stored
/// request again, linked to the run, queued once; and the job queue's cancel, shared with evaluations.
/// </summary>
public sealed class RunServiceRerunTests : IAsyncLifetime
{
    private TempDatabase _db = null!;
    private readonly RecordingJobs _jobs = new();
    private RunService _service = null!;

    public async Task InitializeAsync()
    {
        _db = await TempDatabase.CreateAsync();
        _service = new RunService(_db.Store, _jobs, new RunCancellation(), new RecordingPublisher());
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_same_seed_rerun_queues_the_stored_request_linked_to_the_run()
    {
        var original = await _service.SubmitAsync(new RunRequest { Model = "stories260K", Method = "bon", Question = "Q", N = 3, Seed = 11 }, "alice");

        var rerun = await _service.RerunAsync(original.Id, "bob");

        Assert.Equal(RerunOutcome.Started, rerun.Outcome);
        var stored = (await _db.Store.FindAsync(rerun.Run!.Id))!;
        Assert.Equal(original.Id, stored.RerunOf);
        Assert.Equal("bob", stored.Owner);
        Assert.Equal(original.RequestJson, stored.RequestJson);
        Assert.Equal(rerun.Run.JobId, stored.JobId);
        Assert.Equal(2, _jobs.Created.Count); // the original's job and the re-run's
    }

    [Fact]
    public async Task A_new_seed_rerun_changes_only_the_seed()
    {
        var original = await _service.SubmitAsync(new RunRequest { Model = "stories260K", Method = "bon", Question = "Q", Seed = 11 }, "alice");

        var rerun = await _service.RerunAsync(original.Id, "alice", RerunSeed.New);

        Assert.NotEqual(11, rerun.Request!.Seed);
        var expected = RunService.ReadRequest(original)! with { Seed = rerun.Request.Seed };
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(rerun.Request));
    }

    [Fact]
    public async Task A_missing_run_or_an_unreadable_request_is_not_rerun()
    {
        Assert.Equal(RerunOutcome.NotFound, (await _service.RerunAsync(Guid.NewGuid(), "alice")).Outcome);
        var broken = await _db.CreateRunAsync(RunStatus.Succeeded);
        await using (var context = _db.NewContext())
        {
            (await context.Runs.FindAsync(broken.Id))!.RequestJson = "not json"; // a row an older version wrote
            await context.SaveChangesAsync();
        }

        var rerun = await _service.RerunAsync(broken.Id, "alice");

        Assert.Equal(RerunOutcome.Unreadable, rerun.Outcome);
        Assert.Null(rerun.Run);
        Assert.Empty(_jobs.Created);
    }

    [Fact]
    public async Task Cancel_asks_the_store_first_then_deletes_the_job_once()
    {
        var run = await _service.SubmitAsync(new RunRequest { Model = "stories260K", Method = "bon", Question = "Q" }, "alice");

        Assert.True(await _service.CancelAsync(run));
        Assert.False(await _service.CancelAsync(run)); // already ended

        Assert.Equal(RunStatus.Cancelled, (await _db.Store.FindAsync(run.Id))!.Status);
        Assert.Equal([(run.JobId!, DeletedState.StateName)], _jobs.Changed);
    }

    private sealed class RecordingJobs : IBackgroundJobClient
    {
        public List<(string Id, Job Job)> Created { get; } = [];
        public List<(string Id, string State)> Changed { get; } = [];

        public string Create(Job job, IState state)
        {
            var id = $"job-{Created.Count + 1}";
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
