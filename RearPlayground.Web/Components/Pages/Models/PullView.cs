using System.Globalization;
using RearPlayground.Worker.Cli;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Web.Components.Pages.Models;

/// <summary>A download's card text: what is happening, bytes of total, rate and time left, the file being fetched.</summary>
public static class PullView
{
    public static string Title(PullProgress p) => p.Variant is null ? p.RepoId : $"{p.RepoId} · {p.Variant}";

    public static string State(PullProgress p) => p.State switch
    {
        PullState.Queued => "queued",
        PullState.Listing => "listing files",
        PullState.Downloading => "downloading",
        PullState.Linking => "verified, linking",
        PullState.Done => "done",
        PullState.Failed => "failed",
        _ => "cancelled",
    };

    public static string Status(PullProgress p) => p.State switch
    {
        // Rate and time left only once bytes are flowing: a stalled or just-started download has neither.
        PullState.Downloading or PullState.Linking => string.Format(CultureInfo.InvariantCulture, "{0} of {1}{2} · file {3} of {4}{5}",
            PullProgressText.Bytes(p.BytesDone), PullProgressText.Bytes(p.BytesTotal),
            p.BytesPerSecond > 0 ? $" · {PullProgressText.Bytes((long)p.BytesPerSecond)}/s · {PullProgressText.Time(p.SecondsLeft)} left" : "",
            Math.Min(p.FilesDone + 1, Math.Max(1, p.FilesTotal)), p.FilesTotal, p.CurrentFile is null ? "" : $": {p.CurrentFile}"),
        PullState.Done => $"{PullProgressText.Bytes(p.BytesTotal)} in {p.FilesTotal} files · run it as model {p.RepoId}, variant {p.Variant}",
        PullState.Failed => p.Error ?? "failed",
        PullState.Cancelled => $"stopped at {PullProgressText.Bytes(p.BytesDone)} of {PullProgressText.Bytes(p.BytesTotal)}; downloading again resumes",
        _ => $"revision {p.Revision}",
    };

    /// <summary>Percent for the bar; null while the total is not known yet (the bar is indeterminate).</summary>
    public static double? Percent(PullProgress p) => p.BytesTotal > 0 || p.State == PullState.Done ? p.Fraction * 100 : null;
}
