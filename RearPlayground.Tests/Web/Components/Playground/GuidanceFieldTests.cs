using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using RearPlayground.Web.Components.Pages.Playground;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Tests.Web.Components.Playground;

/// <summary>
/// The Playground's λ_g: the Guided method shows it (default 3, any finite number, the API's message when out of range)
/// and submits it as "guidance"; Best-of-N may set it (empty: plain sampling, nothing sent); greedy has none.
/// </summary>
public sealed class GuidanceFieldTests : MudTestContext
{
    private static readonly ModelInfo Stories = new("stories260K", "/models/stories260K",
        new ModelFacts("stories260K", 5, 4, 8, 512, 512, "Float", "None"), null);

    private readonly List<RunRequest> _submitted = [];

    private IRenderedComponent<ContainerFragment> RenderForm(RunFormModel model) => RenderWithPopovers(builder =>
    {
        builder.OpenComponent<RunForm>(0);
        builder.AddComponentParameter(1, nameof(RunForm.Model), model);
        builder.AddComponentParameter(2, nameof(RunForm.Models), new[] { Stories });
        builder.AddComponentParameter(3, nameof(RunForm.Limits), new RunLimits());
        builder.AddComponentParameter(4, nameof(RunForm.Examples), PlaygroundExamples.Default);
        builder.AddComponentParameter(5, nameof(RunForm.OnRun), EventCallback.Factory.Create<RunFormSubmit>(this, s => _submitted.Add(s.Request)));
        builder.CloseComponent();
    });

    private static RunFormModel Valid(string method) => new() { Model = "stories260K", Question = "Once upon a time", Method = method };

    private static IElement Guidance(IRenderedComponent<ContainerFragment> cut) => cut.Find("[data-testid=guidance]");

    [Fact]
    public void Guided_shows_lambda_g_at_three_and_submits_what_was_typed()
    {
        Assert.Contains(RunFormModel.Methods, m => m is ("guided", "Guided"));
        var cut = RenderForm(Valid("guided"));
        Assert.Equal("3", Guidance(cut).GetAttribute("value"));
        Assert.NotEmpty(cut.FindAll("[data-testid=guidance-slider]"));

        Guidance(cut).Input("-1.5");
        cut.Find("[data-testid=run-button]").Click();
        cut.WaitForAssertion(() => Assert.Single(_submitted));
        Assert.Equal("guided", _submitted[0].Method);
        Assert.Equal(-1.5, _submitted[0].Guidance);
    }

    [Fact]
    public void An_out_of_range_lambda_g_gets_the_apis_message_with_the_label_and_nothing_is_submitted()
    {
        var cut = RenderForm(Valid("guided"));
        Guidance(cut).Input("2000000");
        cut.WaitForAssertion(() => Assert.Contains("λ_g must be a number between -1000000 and 1000000", cut.Markup));
        cut.Find("[data-testid=run-button]").Click();
        Assert.Empty(_submitted);
    }

    [Fact]
    public void Best_of_n_sends_no_guidance_until_one_is_typed()
    {
        var model = Valid("bon");
        var cut = RenderForm(model);
        Assert.Empty(cut.FindAll("[data-testid=guidance-slider]"));
        Assert.Null(model.ToRequest().Guidance);
        Guidance(cut).Input("2");
        cut.WaitForAssertion(() => Assert.Equal(2, model.ToRequest().Guidance));
    }

    [Fact]
    public void Greedy_has_no_lambda_g() => Assert.Empty(RenderForm(Valid("greedy")).FindAll("[data-testid=guidance]"));
}
