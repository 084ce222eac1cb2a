using System.Text.Json.Nodes;
using Bunit;
using RearPlayground.Data.Campaigns;
using RearPlayground.Web.Components.Pages.Campaigns;
using RearPlayground.Web.Components.Pages.Campaigns.Leaderboard;

namespace RearPlayground.Tests.Web.Components.Campaigns;

/// <summary>The leaderboard's table, chart, head-to-head matrix and agreement table from the API's JSON; the dialog's arena selectors.</summary>
public sealed class LeaderboardComponentTests : MudTestContext
{
    private static readonly JsonObject Arena = JsonNode.Parse("""
        {"task":"arena","runs":4,
         "selectors":[
           {"name":"rear","wins":5,"losses":1,"ties":2,"winRate":0.8333333,"low":0.5,"high":1,"strength":1.9,"strengthLow":1.1,"strengthHigh":3.25},
           {"name":"likelihood","wins":2,"losses":3,"ties":2,"winRate":0.4,"low":0.1,"high":0.75,"strength":0.8,"strengthLow":0.4,"strengthHigh":1.5},
           {"name":"random","wins":0,"losses":0,"ties":2,"winRate":null,"low":null,"high":null,"strength":0.6,"strengthLow":0.3,"strengthHigh":1.2}],
         "pairs":[{"a":"rear","b":"likelihood","aWins":3,"bWins":1,"ties":0},{"a":"rear","b":"random","aWins":2,"bWins":0,"ties":2},
                  {"a":"likelihood","b":"random","aWins":1,"bWins":2,"ties":1}]}
        """)!.AsObject();

    [Fact]
    public void The_selector_table_chart_and_matrix_show_the_figures()
    {
        var cut = Render<LeaderboardView>(p => p.Add(x => x.Figures, LeaderboardFigures.From(Arena)));

        var rows = cut.FindAll("[data-testid=leaderboard-row]");
        Assert.Equal(3, rows.Count);
        Assert.Equal(["rear", "likelihood", "random"], cut.FindAll("[data-testid=leaderboard-selector]").Select(c => c.TextContent));
        Assert.Equal(["83.3%", "40.0%", "n/a"], cut.FindAll("[data-testid=leaderboard-winrate]").Select(c => c.TextContent));
        Assert.Contains("50.0–100.0%", rows[0].TextContent);
        Assert.Contains("1.10 to 3.25", rows[0].TextContent);
        // Bars only where a win rate exists, best first, each with its error bar.
        var chart = cut.Find("[data-testid=leaderboard-chart]");
        Assert.Equal(2, chart.QuerySelectorAll("[data-testid=eval-bar]").Length);
        Assert.Equal(2, chart.QuerySelectorAll("[data-testid=eval-bar-ci]").Length);
        Assert.StartsWith("rear:", chart.QuerySelectorAll("[data-testid=eval-bar] title")[0].TextContent);
        // The matrix reads from the row's side.
        var matrix = cut.FindAll("[data-testid=leaderboard-matrix-row]");
        Assert.Equal(["rear", "·", "3–1", "2–0 · 2 ties"], matrix[0].Children.Select(c => c.TextContent));
        Assert.Equal(["likelihood", "1–3", "·", "1–2 · 1 tie"], matrix[1].Children.Select(c => c.TextContent));
        Assert.Empty(cut.FindAll("[data-testid=agreement-row]"));
    }

    [Fact]
    public void A_best_campaign_shows_the_agreement_table_instead()
    {
        var board = JsonNode.Parse("""
            {"task":"best","runs":3,"selectors":[],"pairs":[],
             "agreement":[{"name":"rear","top1":0.6666667,"top1Low":0.3333333,"top1High":1,"pairwise":0.9,"pairwiseLow":0.8,"pairwiseHigh":1,
                           "tau":-0.25,"tauLow":-0.5,"tauHigh":0.125,"runs":3}]}
            """)!.AsObject();
        var cut = Render<LeaderboardView>(p => p.Add(x => x.Figures, LeaderboardFigures.From(board)));
        Assert.Empty(cut.FindAll("[data-testid=leaderboard-row]"));
        var row = cut.Find("[data-testid=agreement-row]");
        Assert.Equal(["rear", "66.7%", "33.3–100.0%", "90.0%", "80.0–100.0%", "-0.25", "-0.50 to 0.13", "3"],
            row.Children.Select(c => c.TextContent));
    }

    [Fact]
    public void No_judgments_say_so()
    {
        var board = JsonNode.Parse("""{"task":"best","runs":0,"selectors":[],"pairs":[],"agreement":[]}""")!.AsObject();
        var cut = Render<LeaderboardView>(p => p.Add(x => x.Figures, LeaderboardFigures.From(board)));
        Assert.Equal("No judgments yet.", cut.Find("[data-testid=leaderboard-empty]").TextContent);
    }

    [Fact]
    public void The_dialog_sends_the_arenas_selectors_in_the_listed_order_and_none_for_other_tasks()
    {
        var form = new NewCampaignForm { Task = CampaignTasks.Arena };
        NewCampaignForm.Toggle(form.Selectors, "random", true);
        NewCampaignForm.Toggle(form.Selectors, "likelihood", false);
        NewCampaignForm.Toggle(form.Selectors, "genrm", true);
        Assert.Equal(["rear", "random", "genrm"], form.ToCreate().Selectors);
        form.Task = CampaignTasks.Best;
        Assert.Null(form.ToCreate().Selectors);
    }
}
