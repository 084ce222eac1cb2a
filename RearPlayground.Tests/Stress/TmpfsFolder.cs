using System.Diagnostics;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// A small tmpfs mounted on a fresh temp folder (needs root, as CI runs): the disk that fills up, or that is remounted
/// read-only under a running app. Disposing unmounts it and removes the folder.
/// </summary>
internal sealed class TmpfsFolder : IDisposable
{
    private const string Filler = ".filler";

    private TmpfsFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>Why the fault tests cannot run here (not root, or mount refused); null when they can. Probed once.</summary>
    public static string? Unavailable => Probe.Value;

    private static readonly Lazy<string?> Probe = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return "needs Linux (mount -t tmpfs)";
        if (!Environment.IsPrivilegedProcess) return "needs root to mount a small tmpfs (CI runs as root)";
        try { using (Mount(64)) { } return null; }
        catch (Exception e) { return "cannot mount a tmpfs here: " + e.Message; }
    });

    public static TmpfsFolder Mount(int kilobytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rear-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        try { Sh("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", path); }
        catch { Directory.Delete(path); throw; }
        return new TmpfsFolder(path);
    }

    /// <summary>Writes a filler file until the disk refuses (ENOSPC); returns the bytes written.</summary>
    public long Fill()
    {
        var buffer = new byte[4096];
        long written = 0;
        using var file = new FileStream(System.IO.Path.Combine(Path, Filler), FileMode.Append, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true) { file.Write(buffer); written += buffer.Length; }
        }
        catch (IOException) { } // full
        try { file.Dispose(); } catch (IOException) { } // the last partial write may fail again on close
        return written;
    }

    public void Free() => File.Delete(System.IO.Path.Combine(Path, Filler));

    /// <summary>mount -o remount,ro (or rw). Refused (EBUSY) while a file on it is open for writing.</summary>
    public void Remount(bool readOnly) => Sh("mount", "-o", readOnly ? "remount,ro" : "remount,rw", Path);

    public void Dispose()
    {
        try { Sh("umount", "-l", Path); } catch (InvalidOperationException) { }
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }

    private static void Sh(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', args)}: {error.Trim()}");
    }
}

/// <summary>A fact that needs a tmpfs of its own: skipped, saying why, where one cannot be mounted.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsFolder.Unavailable is { } why) Skip = why;
    }
}
