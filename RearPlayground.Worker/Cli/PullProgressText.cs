using System.Globalization;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Worker.Cli;

/// <summary>A pull's progress as one line: bytes, rate, time left, file count and the file being fetched.</summary>
public static class PullProgressText
{
    public static string Format(PullProgress p) => p.State switch
    {
        PullState.Listing => $"{p.RepoId}: listing {p.Revision} …",
        PullState.Downloading => string.Format(CultureInfo.InvariantCulture, "{0} {1}: {2,5:0.0}% {3} / {4} · {5}/s · {6} left · file {7}/{8} {9}",
            p.RepoId, p.Variant, p.Fraction * 100, Bytes(p.BytesDone), Bytes(p.BytesTotal), Bytes((long)p.BytesPerSecond),
            Time(p.SecondsLeft), Math.Min(p.FilesDone + 1, p.FilesTotal), p.FilesTotal, p.CurrentFile),
        PullState.Linking => $"{p.RepoId} {p.Variant}: verified, linking the snapshot",
        PullState.Done => $"{p.RepoId} {p.Variant}: done ({Bytes(p.BytesTotal)}) in {p.Folder}",
        _ => $"{p.RepoId}: {p.State.ToString().ToLowerInvariant()}{(p.Error is null ? "" : ": " + p.Error)}",
    };

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:0.00} GB"),
    };

    public static string Time(double? seconds) => seconds switch
    {
        null => "?",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0}s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)}m{(int)(seconds % 60):00}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 3600)}h{(int)(seconds % 3600 / 60):00}m"),
    };
}
