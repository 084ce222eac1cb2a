using Bunit;
using MudBlazor;
using RearPlayground.Web.Components.Pages.Batches;
using RearPlayground.Web.Components.Pages.Playground;
using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Web.Components.Batches;

/// <summary>The batch start form: the body it posts, the range and answer rule, and the scorer profile picked with the Playground's picker.</summary>
public sealed class BatchStartFormTests : MudTestContext
{
    private static readonly ScorerProfile Fitted = new("fitted", 4.5, 0.95, "sum", false);
    private static readonly ScorerProfile Other = new("other", 1, 1, "mean", true);

    [Fact]
    public void The_team_default_is_preselected_and_the_request_records_it_with_its_values()
    {
        var form = new BatchStartForm { DatasetId = 3, Model = "stories260K" };
        form.Preselect([Other, Fitted], "fitted");

        var request = form.ToBody().Request!;
        Assert.Equal(("fitted", 4.5, 0.95, "sum", false), (request.Profile, request.Lambda, request.Gamma, request.Agg, request.ScoreEos));
        Assert.Equal(("stories260K", "bon", 8, 64, true), (request.Model, request.Method, request.N, request.MaxTokens, request.IncludeGreedy));
    }

    [Fact]
    public void Without_a_team_default_or_after_editing_lambda_the_batch_is_custom_with_the_run_defaults()
    {
        var form = new BatchStartForm { DatasetId = 3, Model = "stories260K" };
        form.Preselect([Other, Fitted], null);
        Assert.Null(form.ProfileInUse);
        var plain = form.ToBody().Request!;
        Assert.Equal(((string?)null, 20.0, 1.0, "mean", true), (plain.Profile, plain.Lambda, plain.Gamma, plain.Agg, plain.ScoreEos));

        form.ApplyProfile(Fitted);
        form.Lambda = 30;
        var edited = form.ToBody().Request!;
        Assert.Null(edited.Profile);
        // γ, aggregation and EOS have no field on this form: a custom batch does not silently keep the profile's.
        Assert.Equal((30.0, 1.0, "mean", true), (edited.Lambda, edited.Gamma, edited.Agg, edited.ScoreEos));

        form.ApplyProfile(Fitted);
        form.ApplyProfile(null);
        Assert.Equal((4.5, 1.0, "mean", true, (string?)null), (form.Lambda, form.Gamma, form.Agg, form.ScoreEos, form.ToBody().Request!.Profile));
    }

    [Fact]
    public void Range_and_answer_rule_become_the_body_fields()
    {
        var form = new BatchStartForm { DatasetId = 7 };
        Assert.Null(form.ToBody().Range);
        Assert.Null(form.ToBody().Answer);

        form.From = 2;
        form.Count = 3;
        Assert.Equal(new RearPlayground.Web.Batches.BatchRange(2, 3), form.ToBody().Range);
        form.Count = null;
        Assert.Equal((2, int.MaxValue - 2), (form.ToBody().Range!.From, form.ToBody().Range!.Count));

        form.Answer = AnswerRule.RegexName;
        form.Pattern = @"answer: (\d+)";
        Assert.Equal(new AnswerRule("regex", @"answer: (\d+)"), form.ToBody().Answer);
        form.Answer = AnswerRule.Boxed;
        Assert.Equal(new AnswerRule("boxed"), form.ToBody().Answer); // a pattern typed for regex is not sent with boxed
        Assert.Equal(7, form.ToBody().DatasetId);
    }

    [Fact]
    public async Task The_playground_profile_picker_fills_the_batch_form()
    {
        var form = new BatchStartForm();
        var cut = RenderWithPopovers(builder =>
        {
            builder.OpenComponent<ProfilePicker>(0);
            builder.AddComponentParameter(1, nameof(ProfilePicker.Model), form);
            builder.AddComponentParameter(2, nameof(ProfilePicker.Profiles), new[] { Other, Fitted });
            builder.AddComponentParameter(3, nameof(ProfilePicker.TeamDefault), "fitted");
            builder.CloseComponent();
        });
        var picker = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.UserAttributes?.GetValueOrDefault("data-testid") as string == "profile");
        await cut.InvokeAsync(() => picker.Instance.OpenMenu());
        cut.WaitForAssertion(() => Assert.Contains("fitted · λ 4.5, γ 0.95, sum (team default)", cut.Find(".mud-popover-provider").TextContent));
        await cut.InvokeAsync(() => picker.Instance.CloseMenu());
        await cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync("fitted"));

        Assert.Equal("fitted", form.ProfileInUse);
        Assert.Equal((4.5, 0.95, "sum", false), (form.Lambda, form.Gamma, form.Agg, form.ScoreEos));
        Assert.Equal("fitted", form.ToBody().Request!.Profile);
    }
}
