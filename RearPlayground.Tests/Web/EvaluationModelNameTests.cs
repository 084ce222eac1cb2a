using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Evaluations;
using RearPlayground.Tests.Data;
using RearPlayground.Tests.Support;
using RearPlayground.Web.Evaluations;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Web;

/// <summary>An evaluation, like a run, names a model of the catalogue: a path is refused before anything is stored or queued.</summary>
public sealed class EvaluationModelNameTests
{
    private const string Dataset = "{\"question\":\"q\",\"preference\":\"p\",\"maxWords\":3}";

    [Theory]
    [InlineData("/etc")]
    [InlineData("../..")]
    [InlineData("no-such-model")]
    public async Task A_model_outside_the_catalogue_is_refused_and_nothing_stored(string model)
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = db.Services.GetRequiredService<IEvaluationStore>();
        var names = new ModelNames(new ModelLocator(SharedModels.Directories));
        var service = new EvaluationService(store, new NoJobs(), new RunCancellation(), new RunLimits(), names);

        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            service.SubmitAsync(new EvalRequest { Model = model, Methods = ["greedy"], MaxTokens = 4 }, "one.jsonl", Dataset, "alice"));

        Assert.StartsWith("unknown model", e.Message);
        Assert.Empty(await store.ListAsync());
    }

    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => throw new InvalidOperationException("nothing may be queued");
        public bool ChangeState(string jobId, IState state, string expectedState) => throw new InvalidOperationException("nothing may change");
    }
}
