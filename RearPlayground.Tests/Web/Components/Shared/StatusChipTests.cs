using Bunit;
using MudBlazor;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Components.Shared;

namespace RearPlayground.Tests.Web.Components.Shared;

/// <summary>
/// One status chip for runs and evaluations (the history, compare and evaluation pages): every status's text and colour.
/// Interrupted is a warning, as Cancelled (the evaluation pages once showed it as an error).
/// </summary>
public sealed class StatusChipTests : MudTestContext
{
    [Theory]
    [InlineData(RunStatus.Queued, "queued", "default")]
    [InlineData(RunStatus.Running, "running", "info")]
    [InlineData(RunStatus.Succeeded, "succeeded", "success")]
    [InlineData(RunStatus.Failed, "failed", "error")]
    [InlineData(RunStatus.Cancelled, "cancelled", "warning")]
    [InlineData(RunStatus.Interrupted, "interrupted", "warning")]
    public void Each_status_has_its_name_and_one_colour(RunStatus status, string text, string color)
    {
        var cut = Render<StatusChip>(p => p.Add(c => c.Status, status).AddUnmatched("data-testid", "status"));

        var chip = cut.Find("[data-testid=status]");
        Assert.Equal(text, chip.TextContent.Trim());
        Assert.Contains($"mud-chip-color-{color}", chip.ClassName);
        Assert.Equal(Enum.Parse<Color>(color, ignoreCase: true), StatusChip.ColorOf(status));
    }

    [Fact]
    public void Every_status_is_mapped()
    {
        // A status added later must be given a colour on purpose, not fall through to the default.
        Assert.All(Enum.GetValues<RunStatus>().Where(s => s != RunStatus.Queued), s => Assert.NotEqual(Color.Default, StatusChip.ColorOf(s)));
    }
}
