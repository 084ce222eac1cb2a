using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Datasets;
using RearPlayground.Tests.Data;
using RearPlayground.Web.Components.Pages.Datasets;
using RearPlayground.Web.Datasets;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Tests.Web.Components.Datasets;

/// <summary>The upload's mapping and preview: columns detected, picked by name, rows shown as mapped, a preset that does not fit, import.</summary>
public sealed class DatasetUploadTests : MudTestContext
{
    private IRenderedComponent<DatasetUpload> Render(TempDatabase db)
    {
        Services.AddSingleton(new DatasetService(db.Services.GetRequiredService<IDatasetStore>(), new DatasetOptions(),
            new HubSettings("http://127.0.0.1:9", null, Path.GetTempPath())));
        var root = RenderWithPopovers(b =>
        {
            b.OpenComponent<DatasetUpload>(0);
            b.AddAttribute(1, nameof(DatasetUpload.User), "member@example.org");
            b.CloseComponent();
        });
        return root.FindComponent<DatasetUpload>();
    }

    [Fact]
    public async Task An_uploaded_csv_is_mapped_by_column_names_and_previewed_then_remapped_and_imported()
    {
        await using var db = await TempDatabase.CreateAsync();
        var cut = Render(db);
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "id;prompt;preference;topic\nq1;\"How do tides\nwork?\";Be brief;sea\nq2;Why is the sky blue?;;sky\nq3;;x;none\n", "qs.csv"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=dataset-row]").Count));
        var draft = cut.Instance.Draft;
        Assert.Equal(["id", "prompt", "preference", "topic"], draft.Columns);
        Assert.Equal(("prompt", "preference", "id"), (draft.Question, draft.Preference, draft.Id));
        Assert.Equal("How do tides\nwork?", cut.FindAll("[data-testid=dataset-question]")[0].TextContent);
        Assert.Equal("Be brief", cut.FindAll("[data-testid=dataset-preference]")[0].TextContent);
        Assert.Contains("row 5: empty question", cut.Find("[data-testid=dataset-skip]").TextContent);

        // Another column as the question: the preview follows.
        draft.Question = "topic";
        draft.Preference = null;
        await cut.InvokeAsync(() => draft.RefreshAsync(default));
        cut.Render();
        Assert.Equal(["sea", "sky", "none"], cut.FindAll("[data-testid=dataset-question]").Select(e => e.TextContent));

        // A preset whose question column the file lacks: a clear error, no preview, no import.
        draft.Choice = "math500";
        await cut.InvokeAsync(() => draft.RefreshAsync(default));
        cut.Render();
        Assert.Contains("needs a question column (problem or question)", cut.Find("[data-testid=dataset-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=dataset-row]"));
        Assert.True(cut.Find("[data-testid=dataset-import]").HasAttribute("disabled"));

        draft.Choice = DatasetDraft.ByColumns;
        await cut.InvokeAsync(() => draft.RefreshAsync(default));
        cut.Render();
        cut.Find("[data-testid=dataset-import]").Click();
        cut.WaitForAssertion(() => Assert.Null(draft.FileName));
        var stored = Assert.Single(await db.Services.GetRequiredService<IDatasetStore>().ListAsync());
        Assert.Equal((3, 0, "member@example.org"), (stored.Items, stored.SkippedCount, stored.CreatedBy));
    }

    [Fact]
    public async Task A_bad_file_shows_its_problem()
    {
        await using var db = await TempDatabase.CreateAsync();
        var cut = Render(db);
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("{\"x\":1}\n", "x.jsonl"));
        cut.WaitForAssertion(() => Assert.Contains("pick the question column", cut.Find("[data-testid=dataset-error]").TextContent));
        Assert.Equal(["x"], cut.Instance.Draft.Columns);
    }
}
