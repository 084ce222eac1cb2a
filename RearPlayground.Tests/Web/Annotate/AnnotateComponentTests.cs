using Bunit;
using Microsoft.AspNetCore.Components;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Web.Components;
using RearPlayground.Web.Annotations;
using RearPlayground.Web.Campaigns.Statistics;
using RearPlayground.Web.Components.Pages.Annotate;

namespace RearPlayground.Tests.Web.Annotate;

/// <summary>The Annotate page's pieces with plain data: ownership, blind pairs, keys, best pick, rank, agreement.</summary>
public sealed class AnnotateComponentTests : MudTestContext
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly CandidateView[] Candidates = [new(0, "a fox <b>ran</b>"), new(1, "a dog sat"), new(2, "a cat slept")];

    private static AnnotationEntity Annotation(long id, string who, string kind, int? index = null, string value = "", string? comment = null) =>
        new() { Id = id, Annotator = who, Kind = kind, CandidateIndex = index, Value = value, Comment = comment, At = T0.AddMinutes(id) };

    [Fact]
    public void Only_the_users_own_annotations_can_be_edited_or_deleted()
    {
        var edited = new List<long>();
        var cut = Render<AnnotationList>(p => p
            .Add(x => x.Annotations, [Annotation(1, "bob", "best", 2, "2", "nice"), Annotation(2, "carol", "comment", comment: "<i>meh</i>")])
            .Add(x => x.CurrentUser, "bob")
            .Add(x => x.OnEdit, a => edited.Add(a.Id)));

        var own = cut.Find("[data-testid=own-annotation]");
        var other = cut.Find("[data-testid=other-annotation]");
        Assert.Single(own.QuerySelectorAll("[data-testid=annotation-edit]"));
        Assert.Single(own.QuerySelectorAll("[data-testid=annotation-delete]"));
        Assert.Empty(other.QuerySelectorAll("[data-testid=annotation-edit]"));
        Assert.Empty(other.QuerySelectorAll("[data-testid=annotation-delete]"));
        Assert.Contains("carol", other.TextContent);
        Assert.Contains("you", own.TextContent);
        // A comment is text, never markup.
        Assert.Equal("<i>meh</i>", other.QuerySelector("[data-testid=annotation-comment]")!.TextContent);
        Assert.Empty(other.QuerySelectorAll("i"));

        own.QuerySelector("[data-testid=annotation-edit]")!.Click();
        Assert.Equal([1L], edited);
    }

    [Fact]
    public void A_blind_pair_shows_the_two_texts_without_scores_indices_or_labels()
    {
        var texts = new Dictionary<int, string> { [0] = "zero text", [7] = "seven text" };
        var cut = Render<BlindPairJudge>(p => p.Add(x => x.Pair, new BlindPair(7, 0)).Add(x => x.Texts, texts).Add(x => x.Judged, 2).Add(x => x.Total, 30));

        Assert.Contains("seven text", cut.Find("[data-testid=pair-left]").TextContent);
        Assert.Contains("zero text", cut.Find("[data-testid=pair-right]").TextContent);
        Assert.Equal("Pair 3 of 30", cut.Find("[data-testid=pair-progress]").TextContent);
        var text = string.Concat(cut.Nodes.Select(n => n.TextContent));
        Assert.DoesNotContain("#", text);
        Assert.DoesNotContain("Candidate", text);
        Assert.DoesNotContain("7", text); // candidate 7's index appears nowhere
        Assert.DoesNotContain("score", cut.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Keys_1_2_3_judge_left_right_and_tie_and_the_listener_goes_with_the_component()
    {
        var choices = new List<string>();
        var cut = Render<BlindPairJudge>(p => p
            .Add(x => x.Pair, new BlindPair(1, 2)).Add(x => x.Texts, new Dictionary<int, string> { [1] = "one", [2] = "two" })
            .Add(x => x.Total, 3).Add(x => x.OnJudge, EventCallback.Factory.Create<string>(this, c => choices.Add(c))));
        JSInterop.VerifyInvoke("rear.keys.listen");

        foreach (var key in new[] { "1", "2", "3", "4" }) await cut.InvokeAsync(() => cut.Instance.OnKey(key));
        cut.Find("[data-testid=pair-tie]").Click();

        Assert.Equal(["left", "right", "tie", "tie"], choices);
        await DisposeComponentsAsync();
        JSInterop.VerifyInvoke("rear.keys.stop");
    }

    [Fact]
    public void When_no_pair_is_left_it_says_so()
    {
        var cut = Render<BlindPairJudge>(p => p.Add(x => x.Pair, null).Add(x => x.Judged, 3).Add(x => x.Total, 3));
        Assert.Equal("All 3 pairs judged.", cut.Find("[data-testid=pairs-done]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=pair-left]"));
    }

    [Fact]
    public void Each_candidate_has_one_best_button_and_the_pick_is_marked()
    {
        var picks = new List<int>();
        var cut = Render<BestPicker>(p => p.Add(x => x.Candidates, Candidates).Add(x => x.Picked, 1).Add(x => x.OnPick, i => picks.Add(i)));

        var buttons = cut.FindAll("[data-testid=annotate-best]");
        Assert.Equal(3, buttons.Count);
        Assert.Contains("your pick", cut.FindAll("[data-testid=annotate-candidate]")[1].TextContent);
        Assert.Equal("a fox <b>ran</b>", cut.FindAll(".rear-text")[0].TextContent);
        buttons[2].Click();
        Assert.Equal([2], picks);
    }

    [Fact]
    public void A_rank_is_edited_with_up_and_down_and_saved_best_first()
    {
        int[]? saved = null;
        var cut = Render<RankEditor>(p => p.Add(x => x.Candidates, Candidates).Add(x => x.StartingOrder, [0, 1, 2]).Add(x => x.OnSave, o => saved = o));

        cut.FindAll("[data-testid=rank-down]")[0].Click(); // 1, 0, 2
        cut.FindAll("[data-testid=rank-up]")[2].Click();   // 1, 2, 0
        cut.Find("[data-testid=rank-save]").Click();

        Assert.Equal([1, 2, 0], saved!);
        Assert.Equal(["Candidate #1", "Candidate #2", "Candidate #0"], cut.FindAll("[data-testid=rank-item] .mud-typography-caption").Select(e => e.TextContent));
    }

    [Fact]
    public void The_agreement_table_says_undefined_where_kappa_is()
    {
        var cut = Render<AgreementTable>(p => p.Add(x => x.Rows,
        [
            new AnnotatorAgreement("ann", "ben", 4, 3, 0.75, 0.5, 0.5),
            new AnnotatorAgreement("ann", "cat", 2, 2, 1, 1, null),
        ]));
        Assert.Equal(["0.50", "undefined"], cut.FindAll("[data-testid=agreement-kappa]").Select(e => e.TextContent));
        Assert.Contains("75%", cut.FindAll("[data-testid=agreement-row]")[0].TextContent);
        Assert.Contains("No two annotators", Render<AgreementTable>(p => p.Add(x => x.Rows, [])).Markup);
    }

    [Fact]
    public void The_page_state_knows_the_users_pick_rank_and_pairs_left()
    {
        var run = Guid.NewGuid();
        var plan = BlindPairPlan.For("bob", run, [0, 1, 2]);
        var judged = plan[1];
        var state = new RunAnnotations("bob", run, [0, 1, 2],
        [
            Annotation(1, "bob", "best", 0, "0"), Annotation(2, "bob", "rank", value: "[2,0,1]"),
            Annotation(3, "bob", "pair", value: $$"""{"left":{{judged.Right}},"right":{{judged.Left}},"choice":"tie"}"""),
            Annotation(4, "carol", "best", 2, "2"),
        ]);

        Assert.Equal((1L, 2L), (state.OwnBest!.Id, state.OwnRank!.Id));
        Assert.Equal([2, 0, 1], state.StartingOrder);
        Assert.Equal((3, 1), (state.PairCount, state.JudgedPairs));
        Assert.Equal([plan[0], plan[2]], state.RemainingPairs); // the judged pair, whichever side it was on, is done
        Assert.Equal([4L], state.Others.Select(a => a.Id));
        var row = Assert.Single(state.Agreements);
        Assert.Equal(("bob", "carol"), (row.First, row.Second));
    }

    [Fact]
    public void Others_judgements_and_the_agreement_stay_hidden_until_the_user_has_judged_the_run()
    {
        var run = Guid.NewGuid();
        List<AnnotationEntity> annotations =
        [
            Annotation(1, "carol", "best", 2, "2"), Annotation(2, "carol", "rank", value: "[2,0,1]"),
            Annotation(3, "bob", "comment", comment: "a comment is no judgement"),
        ];

        var before = new RunAnnotations("bob", run, [0, 1, 2], annotations);
        annotations.Add(Annotation(4, "bob", "pair", value: """{"left":0,"right":2,"choice":"right"}"""));
        var after = new RunAnnotations("bob", run, [0, 1, 2], annotations);

        Assert.Equal((false, 0, 2), (before.HasJudged, before.Others.Count, before.HiddenOthers));
        Assert.Empty(before.Agreements);
        Assert.Equal((true, 0), (after.HasJudged, after.HiddenOthers));
        Assert.Equal([1L, 2L], after.Others.Select(a => a.Id));
        Assert.Single(after.Agreements);
    }

    [Fact]
    public void The_blind_list_names_no_candidate_and_sums_up_the_pairs()
    {
        List<AnnotationEntity> own =
        [
            Annotation(1, "bob", "best", 11, "11"), Annotation(2, "bob", "rank", value: "[11,6,3]"),
            Annotation(3, "bob", "pair", value: """{"left":11,"right":6,"choice":"left"}"""),
            Annotation(4, "bob", "pair", value: """{"left":3,"right":6,"choice":"tie"}"""),
            Annotation(5, "bob", "pair", value: """{"left":3,"right":11,"choice":"right"}"""),
            Annotation(6, "bob", "comment", 6, comment: "fine"),
        ];

        var blind = Render<AnnotationList>(p => p.Add(x => x.Annotations, own).Add(x => x.CurrentUser, "bob").Add(x => x.Blind, true));
        var open = Render<AnnotationList>(p => p.Add(x => x.Annotations, own).Add(x => x.CurrentUser, "bob"));

        Assert.DoesNotMatch(@"#\d", string.Concat(blind.Nodes.Select(n => n.TextContent)));
        Assert.Equal(["3 pairs judged", "Best pick", "Rank of all responses", "Comment on a response"],
            blind.FindAll("[data-testid=own-annotation] b").Select(b => b.TextContent));
        Assert.Empty(blind.FindAll("[data-testid=annotation-edit]")); // the editor would name them
        Assert.Contains("Pair: #11 over #6", open.Markup); // outside the blind tab the ids are shown
        Assert.Equal(6, open.FindAll("[data-testid=annotation-edit]").Count);
    }
}
