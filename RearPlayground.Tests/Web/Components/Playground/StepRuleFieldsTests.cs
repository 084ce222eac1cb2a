using Bunit;
using RearPlayground.Web.Components.Pages.Playground;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Web.Components.Playground;

/// <summary>
/// The Playground's DVTS step rule: a new form leaves it to the model (token steps for stories260K, the blank line for
/// chat models, decided when the run starts), and an emptied stop box goes back to that default rather than to "".
/// </summary>
public sealed class StepRuleFieldsTests : MudTestContext
{
    private static RunFormModel Dvts() => new() { Model = "stories260K", Question = "Once upon a time", Method = "dvts" };

    private IRenderedComponent<SearchFields> Render(RunFormModel model) =>
        Render<SearchFields>(p => p.Add(s => s.Model, model).Add(s => s.Errors, new FormErrors()).Add(s => s.Limits, new RunLimits()));

    [Fact]
    public void A_new_form_leaves_the_step_rule_to_the_model()
    {
        var model = Dvts();
        var cut = Render(model);
        var request = model.ToRequest();
        Assert.Equal((null, null), (request.StepTokens, request.Stop));
        Assert.Contains("empty: chosen per model", cut.Markup);
        Assert.Equal("", cut.Find("input[data-testid=stop]").GetAttribute("value") ?? "");
    }

    [Fact]
    public void A_typed_stop_string_is_kept_and_an_emptied_box_is_the_default_again()
    {
        var model = Dvts();
        var cut = Render(model);
        cut.Find("input[data-testid=stop]").Change(@"\n\n");
        Assert.Equal("\n\n", model.ToRequest().Stop);
        cut.WaitForAssertion(() => Assert.Contains("empty: a step ends at the stop string", cut.Markup));
        cut.Find("input[data-testid=stop]").Change("");
        Assert.Null(model.ToRequest().Stop);
    }

    [Fact]
    public void Tokens_per_step_are_sent_as_typed()
    {
        var model = Dvts();
        var cut = Render(model);
        cut.Find("input[data-testid=step-tokens]").Input("6");
        cut.WaitForAssertion(() => Assert.Equal(6, model.ToRequest().StepTokens));
        Assert.Contains("a step ends after this many tokens", cut.Markup);
    }
}
