namespace RearPlayground.Worker.Hub;

/// <summary>Where a pull stands: its phase, bytes and files so far, the rate and the time left, and how it ended.</summary>
public sealed record PullProgress(
    string RepoId,
    string? Revision,
    string? Variant,
    PullState State,
    long BytesDone,
    long BytesTotal,
    int FilesDone,
    int FilesTotal,
    string? CurrentFile,
    double BytesPerSecond,
    double? SecondsLeft,
    string? Folder,
    string? Error)
{
    public double Fraction => BytesTotal > 0 ? Math.Clamp((double)BytesDone / BytesTotal, 0, 1) : State == PullState.Done ? 1 : 0;
    public bool Ended => State is PullState.Done or PullState.Failed or PullState.Cancelled;
}

public enum PullState { Queued, Listing, Downloading, Linking, Done, Failed, Cancelled }
