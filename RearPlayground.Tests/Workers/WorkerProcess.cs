using System.Diagnostics;
using System.Text;
using RearPlayground.Tests.Support;

namespace RearPlayground.Tests.Workers;

/// <summary>
/// <c>RearPlayground.Worker serve</c> as a worker on another machine would run it: only the job storage (PostgreSQL)
/// and the web app's URL, the worker account's credentials in the environment; no run database.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process, string name) => (_process, Name) = (process, name);

    /// <summary>Its Hangfire server's name (Rear:WorkerName), which job states record.</summary>
    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static WorkerProcess Start(string folder, string jobStorage, Uri webUrl, string email, string password, string name)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "RearPlayground.Worker.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the Worker project reference copies it beside the tests");
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "serve", "--web", webUrl.ToString(), "--job-storage", "postgresql", "--workers", "1", "--device", "cpu" })
            start.ArgumentList.Add(arg);
        // Secrets through the environment, as a deployment passes them (never on the command line).
        start.Environment["ConnectionStrings__Hangfire"] = jobStorage;
        start.Environment["Rear__Worker__Email"] = email;
        start.Environment["Rear__Worker__Password"] = password;
        start.Environment["Rear__ModelDirectories__0"] = SharedModels.TestModels;
        start.Environment["Rear__WorkerName"] = name;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var worker = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the worker"), name);
        worker._process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>kill -9: no shutdown, no last word to the web app or the job storage.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
