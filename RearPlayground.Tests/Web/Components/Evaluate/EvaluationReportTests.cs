using Bunit;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Evaluations;
using RearPlayground.Tests.Data;
using RearPlayground.Tests.Eval;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Components.Pages.Evaluate;
using RearPlayground.Web.Evaluations;
using RearPlayground.Worker.Eval;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Web.Components.Evaluate;

/// <summary>
/// A stored evaluation where all five methods pass the same share: the report and the list call it a tie and name no
/// best method, and the runs' warnings (DVTS that ended after one step) are shown beside the results.
/// </summary>
public sealed class EvaluationReportTests : MudTestContext, IAsyncLifetime
{
    private TempDatabase _db = null!;
    private EvaluationEntity _tied = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _db = await TempDatabase.CreateAsync();
        var store = _db.Services.GetRequiredService<IEvaluationStore>();
        _tied = new EvaluationEntity
        {
            Id = Guid.NewGuid(), Owner = "alice", Model = "stories260K", DatasetName = "items.jsonl", DatasetJsonl = "{}",
            SettingsJson = new EvalRequest { Model = "stories260K" }.ToJson(), CreatedAt = DateTimeOffset.UtcNow,
        };
        await store.CreateAsync(_tied);
        await store.TryStartAsync(_tied.Id, 15);
        Assert.True(await store.TryFinishAsync(_tied.Id, RunStatus.Succeeded, EvalReport.Serialize(EvalTieData.Result()), null));

        Services.AddSingleton(store);
        Services.AddSingleton<IBackgroundJobClient, NoJobs>();
        Services.AddSingleton<RunCancellation>();
        Services.AddSingleton(new RunLimits());
        Services.AddSingleton<EvaluationService>();
        AddAuthorization().SetAuthorized("alice").SetRoles(Roles.Annotator);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public void The_report_says_no_single_best_method_and_shows_the_warning()
    {
        var page = RenderWithPopovers(b =>
        {
            b.OpenComponent<EvaluationPage>(0);
            b.AddAttribute(1, nameof(EvaluationPage.Id), _tied.Id);
            b.CloseComponent();
        });
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=eval-best]")));
        Assert.Equal("No single best method: greedy, bon-rear, bon-l1, bon-genrm, dvts-rear tie at 33.3%",
            page.Find("[data-testid=eval-best]").TextContent.Trim());
        Assert.DoesNotContain("Best method:", page.Markup);
        Assert.Contains(EvalTieData.DvtsWarning, page.Find("[data-testid=eval-warning]").TextContent);
        Assert.Contains("DVTS step: 16 tokens", page.Markup);
    }

    [Fact]
    public async Task The_list_shows_a_tie_rather_than_the_first_method()
    {
        var stored = await _db.Services.GetRequiredService<IEvaluationStore>().FindAsync(_tied.Id);
        Assert.Equal("tie: greedy, bon-rear, bon-l1, bon-genrm, dvts-rear (33.3%)", EvaluationRow.Of(stored!).Best);
    }

    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => "job-1";
        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
