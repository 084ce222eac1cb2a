using RearPlayground.Web.Components.Pages.Models;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Tests.Web.Components.Models;

/// <summary>What a download's card says at each stage, and the form's check of the repository id.</summary>
public sealed class PullViewTests
{
    private static readonly PullProgress Running = new("onnx-community/tiny", "main", "q4", PullState.Downloading,
        3 * 1048576, 12 * 1048576, 2, 5, "onnx/model_q4.onnx", 1.5 * 1048576, 6, null, null);

    [Fact]
    public void A_running_download_shows_bytes_rate_time_left_and_the_file()
    {
        Assert.Equal("3.0 MB of 12.0 MB · 1.5 MB/s · 6s left · file 3 of 5: onnx/model_q4.onnx", PullView.Status(Running));
        Assert.Equal(25, PullView.Percent(Running));
        Assert.Equal("onnx-community/tiny · q4", PullView.Title(Running));
        Assert.Equal("3.0 MB of 12.0 MB · file 3 of 5: onnx/model_q4.onnx", PullView.Status(Running with { BytesPerSecond = 0, SecondsLeft = null }));
        Assert.Equal("downloading", PullView.State(Running));
    }

    [Fact]
    public void Listing_has_no_total_yet_and_the_end_states_say_what_happened()
    {
        Assert.Null(PullView.Percent(Running with { State = PullState.Listing, BytesTotal = 0, BytesDone = 0 }));
        Assert.Equal("12.0 MB in 5 files · run it as model onnx-community/tiny, variant q4",
            PullView.Status(Running with { State = PullState.Done, BytesDone = 12 * 1048576 }));
        Assert.Equal(100, PullView.Percent(Running with { State = PullState.Done, BytesDone = 12 * 1048576 }));
        Assert.Equal("the hub refused HF_TOKEN", PullView.Status(Running with { State = PullState.Failed, Error = "the hub refused HF_TOKEN" }));
        Assert.Equal("stopped at 3.0 MB of 12.0 MB; downloading again resumes", PullView.Status(Running with { State = PullState.Cancelled }));
    }

    [Theory]
    [InlineData(null, "the repository is required: ORG/NAME")]
    [InlineData("gpt2", "'gpt2' is not a repository id: use ORG/NAME")]
    [InlineData("a/b/c", "'a/b/c' is not a repository id: use ORG/NAME")]
    [InlineData(" onnx-community/SmolLM2-135M-Instruct-ONNX ", null)]
    public void The_form_accepts_only_org_slash_name(string? repo, string? error) =>
        Assert.Equal(error, new PullFormModel { Repo = repo }.RepoError);
}
