using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Web.Components;
using RearPlayground.Web.Components.Pages.Annotate;

namespace RearPlayground.Tests.Web.Annotate;

/// <summary>The edit dialog hands the change to the store and stays open with the store's message when it is refused.</summary>
public sealed class EditAnnotationDialogTests : MudTestContext
{
    [Fact]
    public async Task A_refused_change_keeps_the_dialog_open_with_the_reason_and_an_accepted_one_closes_it()
    {
        var provider = Render<MudDialogProvider>();
        var inputs = new List<AnnotationInput>();
        var answers = new Queue<string?>(["comment is too long", null]);
        var annotation = new AnnotationEntity { Id = 5, Annotator = "bob", Kind = "comment", CandidateIndex = 1, Value = "", Comment = "old" };
        var parameters = new DialogParameters<EditAnnotationDialog>
        {
            { d => d.Annotation, annotation },
            { d => d.Candidates, [new CandidateView(0, "a"), new CandidateView(1, "b")] },
            { d => d.Save, input => { inputs.Add(input); return Task.FromResult(answers.Dequeue()); } },
        };
        var dialogs = Services.GetRequiredService<IDialogService>();
        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<EditAnnotationDialog>("Edit", parameters));

        provider.Find("[data-testid=edit-comment]").Change("new words");
        provider.Find("[data-testid=edit-save]").Click();
        Assert.Equal("comment is too long", provider.Find("[data-testid=edit-error]").TextContent);

        provider.Find("[data-testid=edit-save]").Click();
        var result = await reference.Result;
        Assert.False(result!.Canceled);
        Assert.All(inputs, i => Assert.Equal((null, 1, "new words"), (i.Kind, i.CandidateIndex, i.Comment)));
        Assert.Equal(2, inputs.Count);
    }
}
