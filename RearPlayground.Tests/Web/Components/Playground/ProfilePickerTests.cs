using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using RearPlayground.Web.Components.Pages.Playground;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Models;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Tests.Web.Components.Playground;

/// <summary>The Playground's profile picker: picking fills λ, γ, aggregation and EOS; the run records the profile until one is edited.</summary>
public sealed class ProfilePickerTests : MudTestContext
{
    private static readonly ModelInfo Stories = new("stories260K", "/models/stories260K",
        new ModelFacts("stories260K", 5, 4, 8, 512, 512, "Float", "None"), null);
    private static readonly ScorerProfile Fitted = new("fitted", 4.5, 0.95, "sum", false);
    private readonly List<RunRequest> _submitted = [];

    private IRenderedComponent<ContainerFragment> RenderForm(RunFormModel model, IReadOnlyList<ScorerProfile> profiles) => RenderWithPopovers(builder =>
    {
        builder.OpenComponent<RunForm>(0);
        builder.AddComponentParameter(1, nameof(RunForm.Model), model);
        builder.AddComponentParameter(2, nameof(RunForm.Models), new[] { Stories });
        builder.AddComponentParameter(3, nameof(RunForm.Limits), new RunLimits());
        builder.AddComponentParameter(4, nameof(RunForm.Profiles), profiles);
        builder.AddComponentParameter(5, nameof(RunForm.TeamDefault), "fitted");
        builder.AddComponentParameter(6, nameof(RunForm.OnRun), EventCallback.Factory.Create<RunFormSubmit>(this, s => _submitted.Add(s.Request)));
        builder.CloseComponent();
    });

    private static RunFormModel Valid() => new() { Model = "stories260K", Question = "Once upon a time" };

    [Fact]
    public async Task Picking_a_profile_fills_the_fields_and_the_run_records_it_until_lambda_is_edited()
    {
        var model = Valid();
        var cut = RenderForm(model, [new ScorerProfile("other", 1, 1, "mean", true), Fitted]);
        var picker = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.UserAttributes?.GetValueOrDefault("data-testid") as string == "profile");
        await cut.InvokeAsync(() => picker.Instance.OpenMenu());
        cut.WaitForAssertion(() => Assert.Contains("fitted · λ 4.5, γ 0.95, sum (team default)", cut.Find(".mud-popover-provider").TextContent));
        Assert.Contains("Custom (no profile)", cut.Find(".mud-popover-provider").TextContent);
        await cut.InvokeAsync(() => picker.Instance.CloseMenu());
        await cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync("fitted"));

        Assert.Equal((4.5, 0.95, "sum", false), (model.Lambda, model.Gamma, model.Agg, model.ScoreEos));
        Assert.Equal("4.5", cut.Find("[data-testid=lambda]").GetAttribute("value"));
        cut.Find("[data-testid=run-button]").Click();
        var first = Assert.Single(_submitted);
        Assert.Equal(("fitted", 4.5, "sum"), (first.Profile, first.Lambda, first.Agg));

        cut.Find("[data-testid=lambda]").Input("30");
        Assert.Null(model.ProfileInUse);
        cut.Find("[data-testid=run-button]").Click();
        Assert.Equal(2, _submitted.Count);
        Assert.Null(_submitted[1].Profile);
        Assert.Equal(30, _submitted[1].Lambda);
    }

    [Fact]
    public void Without_profiles_there_is_no_picker_and_a_stored_run_keeps_its_profile_in_the_form()
    {
        var cut = RenderForm(Valid(), []);
        Assert.Empty(cut.FindAll("[data-testid=profile]"));

        var model = RunFormModel.From(new RunRequest { Model = "m", Method = "bon", Question = "q", Profile = "fitted", Lambda = 4.5, Gamma = 0.95, Agg = "sum", ScoreEos = false });
        Assert.Equal("fitted", model.ToRequest().Profile);
        model.Gamma = 1;
        Assert.Null(model.ToRequest().Profile);
    }
}
