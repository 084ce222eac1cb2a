using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Data;
using RearPlayground.Tests.Support;
using RearPlayground.Web.Components.Shared.Inspector;
using RearPlayground.Web.Runs.Inspection;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Models;
using RearPlayground.Worker.Rear.Inspection;

namespace RearPlayground.Tests.Web.Components.Inspector;

/// <summary>
/// The inspector dialog on a real store and stories260K: one inspect-token per position with k inspect-alt rows per
/// context, the chosen token marked where it is among them, λ shown, model text as text, a gone model said plainly.
/// </summary>
public sealed class TokenInspectorDialogTests : MudTestContext
{
    private static readonly ReferenceData Reference = ReferenceData.Load();

    private async Task<(TempDatabase Db, Guid Id)> StoreAsync(string model, int[] tokenIds, string text)
    {
        var db = await TempDatabase.CreateAsync();
        var c = Reference.Cases[0];
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "alice", Model = model, Method = "bon", Question = c.Question, Preference = c.Preference,
            RequestJson = """{"lambda":3,"separator":" "}""", Status = RunStatus.Running,
        };
        await db.Store.CreateAsync(run);
        var zeros = "[" + string.Join(",", tokenIds.Select(_ => "0")) + "]";
        await db.Store.AppendAsync(run.Id, new("candidateFinished", "{}")
        {
            Candidates = [new CandidateEntity
            {
                RunId = run.Id, Index = 0, NodeId = 0, Text = text, TokenIdsJson = "[" + string.Join(",", tokenIds) + "]",
                LogProbsWithoutJson = zeros, LogProbsWithJson = zeros, Score = 0, FinishReason = "length",
            }],
        });
        await db.Store.AppendAsync(run.Id, new("runFinished", "{}") { UpdateRun = r => { r.Status = RunStatus.Succeeded; r.Best = 0; } });
        Services.AddSingleton(db.Store);
        Services.AddSingleton(new ModelPool(new ModelPoolOptions { DefaultDevice = DeviceKind.Cpu }, new ModelLocator(SharedModels.Directories)));
        Services.AddSingleton(new InspectionCache());
        Services.AddSingleton<TokenInspections>();
        return (db, run.Id);
    }

    private IRenderedComponent<MudDialogProvider> Open(Guid id)
    {
        var provider = Render<MudDialogProvider>();
        var button = Render<InspectOpenButton>(p => p.Add(b => b.RunId, id).Add(b => b.Target, new InspectTarget.Candidate(0)));
        button.Find("[data-testid=inspect-open]").Click();
        return provider;
    }

    [Fact]
    public async Task Each_position_lists_both_contexts_alternatives_with_the_chosen_token_marked_and_lambda_shown()
    {
        var c = Reference.Cases[0];
        var (db, id) = await StoreAsync("stories260K", c.Response[..12], "");
        await using var _ = db;
        var provider = Open(id);

        provider.WaitForAssertion(() => Assert.Equal(12, provider.FindAll("[data-testid=inspect-token]").Count), TimeSpan.FromSeconds(30));
        Assert.Contains("λ = 3", provider.Find("[data-testid=inspect-lambda]").TextContent);
        var expected = TokenInspector.Inspect(SharedModels.StoriesCpu,
            RearPlayground.Worker.Rear.ContextBuilder.Build(SharedModels.StoriesCpu, c.Question, c.Preference, " "), [], c.Response[..12],
            TokenInspection.DefaultTopK, 3);
        var tokens = provider.FindAll("[data-testid=inspect-token]");
        for (var t = 0; t < tokens.Count; t++)
        {
            var alts = tokens[t].QuerySelectorAll("[data-testid=inspect-alt]");
            Assert.Equal(2 * TokenInspection.DefaultTopK, alts.Length);
            var chosen = alts.Count(a => a.GetAttribute("data-chosen") == "true");
            var inTop = (expected.Tokens[t].Rank0 <= 5 ? 1 : 0) + (expected.Tokens[t].RankP <= 5 ? 1 : 0);
            Assert.Equal(inTop, chosen);
            Assert.Contains($"rank {expected.Tokens[t].Rank0} → {expected.Tokens[t].RankP}", tokens[t].TextContent);
            Assert.Equal(InspectorOrder.Visible(expected.Tokens[t].Top0[0].Text), alts[0].QuerySelector("code")!.TextContent);
        }
    }

    [Fact]
    public async Task Model_text_is_shown_as_text_never_markup()
    {
        var ids = SharedModels.StoriesCpu.Tokenizer.Encode("<b>bold</b><script>x</script>").ToArray();
        var (db, id) = await StoreAsync("stories260K", ids, "<b>bold</b><script>x</script>");
        await using var _ = db;
        var provider = Open(id);

        provider.WaitForAssertion(() => Assert.Equal(ids.Length, provider.FindAll("[data-testid=inspect-token]").Count), TimeSpan.FromSeconds(30));
        Assert.Empty(provider.FindAll("[data-testid=inspect-dialog] b, [data-testid=inspect-dialog] script"));
        var shown = string.Concat(provider.FindAll("[data-testid=inspect-token-text] code").Select(e => e.TextContent));
        Assert.Contains("<b>", shown);
    }

    [Fact]
    public async Task A_run_whose_model_is_gone_says_so_in_the_dialog()
    {
        var (db, id) = await StoreAsync("removed-model", [5, 6], "a b");
        await using var _ = db;
        var provider = Open(id);

        provider.WaitForAssertion(() => Assert.Contains("not in the model directories", provider.Find("[data-testid=inspect-error]").TextContent),
            TimeSpan.FromSeconds(30));
        Assert.Empty(provider.FindAll("[data-testid=inspect-token]"));
    }

    [Fact]
    public void Positions_sort_by_kl_or_by_the_logprob_shift_largest_first()
    {
        InspectedToken T(double l0, double lp, double kl) => new(1, "x", l0, lp, 0, 1, 1, kl, [], []);
        IReadOnlyList<InspectedToken> tokens = [T(-1, -1, 0.2), T(-3, -1, 0.1), T(-1, -1.5, 0.9)];
        Assert.Equal([0, 1, 2], InspectorOrder.Of(tokens, InspectorSort.Position));
        Assert.Equal([2, 0, 1], InspectorOrder.Of(tokens, InspectorSort.Kl));
        Assert.Equal([1, 2, 0], InspectorOrder.Of(tokens, InspectorSort.Shift));
    }
}
