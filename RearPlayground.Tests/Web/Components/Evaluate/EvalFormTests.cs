using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Web.Components.Pages.Evaluate;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Web.Components.Evaluate;

/// <summary>The evaluate form: inline messages from the job's own checks, dataset problems by line, submit only when all is well.</summary>
public class EvalFormTests : MudTestContext
{
    public EvalFormTests() => Services.AddSingleton(new RunLimits());

    private IRenderedComponent<EvalForm> RenderForm(Action<EvalFormState>? onSubmit = null)
    {
        var host = RenderWithPopovers(b =>
        {
            b.OpenComponent<EvalForm>(0);
            b.AddAttribute(1, nameof(EvalForm.Models), (IReadOnlyList<string>)["stories260K", "other"]);
            if (onSubmit is not null)
                b.AddAttribute(2, nameof(EvalForm.OnSubmit), Microsoft.AspNetCore.Components.EventCallback.Factory.Create(this, onSubmit));
            b.CloseComponent();
        });
        return host.FindComponent<EvalForm>();
    }

    [Fact]
    public void Bad_numbers_get_the_jobs_messages_inline()
    {
        var cut = RenderForm();
        Assert.Equal("stories260K", cut.Instance.State.Request.Model);
        Assert.DoesNotContain("must be", cut.Markup);

        cut.Find("input[data-testid=n]").Input("0");
        cut.WaitForAssertion(() => Assert.Contains("n must be at least 1", cut.Markup));

        cut.Find("input[data-testid=n]").Input("16");
        cut.Find("input[data-testid=m]").Input("3");
        // The default methods include dvts-rear, where M must divide N.
        cut.WaitForAssertion(() => Assert.Contains("m must divide n: n = 16 is not a multiple of m = 3", cut.Markup));
        Assert.DoesNotContain("n must be at least 1", cut.Markup);

        cut.Find("input[data-testid=eval-bootstrap]").Input("0");
        cut.WaitForAssertion(() => Assert.Contains("bootstrap must be at least 1 resample", cut.Markup));
    }

    [Fact]
    public void A_bad_line_in_the_upload_is_named_and_blocks_submit()
    {
        var cut = RenderForm();
        const string text = "{\"question\": \"q\", \"preference\": \"p\", \"maxWords\": 5}\n{\"question\": \"q\", \"preference\": \"p\", \"mustMention\": []}\n";

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(text, "mine.jsonl"));

        cut.WaitForAssertion(() => Assert.Equal("mine.jsonl: line 2: \"mustMention\" is empty: list at least one word",
            cut.Find("[data-testid=eval-dataset-error]").TextContent.Trim()));
        Assert.True(cut.Find("[data-testid=eval-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public void The_shipped_set_loads_with_one_click_and_submits_what_was_chosen()
    {
        EvalFormState? submitted = null;
        var cut = RenderForm(s => submitted = s);
        Assert.True(cut.Find("[data-testid=eval-submit]").HasAttribute("disabled")); // no dataset yet

        cut.Find("[data-testid=eval-shipped]").Click();
        cut.WaitForAssertion(() => Assert.Equal("stories-preferences.jsonl: 36 items", cut.Find("[data-testid=eval-dataset]").TextContent.Trim()));
        cut.Find("input[data-testid=eval-limit]").Input("2");
        // greedy, bon-rear, bon-l1, bon-genrm, dvts-rear: four distinct runs per item.
        cut.WaitForAssertion(() => Assert.Equal("8 searches", cut.Find("[data-testid=eval-searches]").TextContent.Trim()));

        cut.Find("[data-testid=eval-submit]").Click();

        Assert.NotNull(submitted);
        Assert.Equal((2, "stories-preferences.jsonl", 36), (submitted.Request.Limit!.Value, submitted.DatasetName!, submitted.DatasetItems));
    }

    [Fact]
    public void Unpicking_every_method_says_so()
    {
        var cut = RenderForm();
        foreach (var name in cut.Instance.State.Request.Methods.ToList())
            cut.Find($"[data-testid=eval-method-{name}]").Click();

        cut.WaitForAssertion(() => Assert.Equal("pick at least one method", cut.Find("[data-testid=eval-methods-error]").TextContent.Trim()));
        Assert.Empty(cut.Instance.State.Request.Methods);
    }
}
