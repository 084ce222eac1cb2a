using System.Diagnostics;
using System.Text;
using RearPlayground.Tests.Support;

namespace RearPlayground.Tests.Web;

/// <summary>
/// A <c>RearPlayground.Worker serve</c> process on shared SQLite job storage, publishing to a web app as the worker
/// account; its output is kept for failure messages. Disposing kills it (with its children) and waits.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    public const string Email = "worker@example.org", Password = "Worker-pass-1";

    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process) => Process = process;

    public Process Process { get; }

    /// <summary>The web app's settings for this deployment: shared SQLite job storage, no in-process worker, the worker account.</summary>
    public static Dictionary<string, string?> WebSettings(string jobs) => new()
    {
        ["Rear:JobStorage"] = "SQLite",
        ["Rear:JobStoragePath"] = jobs,
        ["Rear:Workers"] = "0",
        ["Rear:Worker:Email"] = Email,
        ["Rear:Worker:Password"] = Password,
    };

    public static WorkerProcess Start(string folder, string database, string jobs, Uri webUrl, string? modelDirectory = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "RearPlayground.Worker.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the Worker project reference copies it beside the tests");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     dll, "serve", "--database", database, "--job-storage", "sqlite", "--job-storage-path", jobs,
                     "--web-url", webUrl.ToString(), "--workers", "1", "--device", "cpu",
                 })
            start.ArgumentList.Add(arg);
        // Credentials through the environment, as a deployment passes secrets (never on the command line).
        start.Environment["Rear__Worker__Email"] = Email;
        start.Environment["Rear__Worker__Password"] = Password;
        start.Environment["Rear__ModelDirectories__0"] = modelDirectory ?? SharedModels.TestModels;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var worker = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the worker"));
        worker.Process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker.Process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker.Process.BeginOutputReadLine();
        worker.Process.BeginErrorReadLine();
        return worker;
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
        Process.Dispose();
    }
}
