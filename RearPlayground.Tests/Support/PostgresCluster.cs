using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's postgresql package, started by the repository's own script
/// (<c>.ci/pg-temp</c>: initdb into a temp folder, pg_ctl start on a free loopback port) and removed on dispose.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _script, _folder;

    private PostgresCluster(string script, string folder, string connectionString)
    {
        _script = script;
        _folder = folder;
        ConnectionString = connectionString;
    }

    /// <summary>Npgsql's connection string (user postgres, trust authentication, loopback only).</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresCluster> StartAsync()
    {
        var root = ModelLocator.FindSolutionRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("no solution root above the tests");
        var script = Path.Combine(root, ".ci", "pg-temp");
        var folder = Path.Combine(Path.GetTempPath(), "rear-pg-" + Guid.NewGuid().ToString("N"));
        var (code, output) = await RunAsync(script, "start", folder, FreePort().ToString());
        Assert.True(code == 0, $".ci/pg-temp could not start PostgreSQL (CI installs the postgresql package; here: apt-get install postgresql):\n{output}");
        return new PostgresCluster(script, folder, output.Trim().Split('\n')[^1]);
    }

    public async ValueTask DisposeAsync() => await RunAsync(_script, "stop", _folder);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Code, string Output)> RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
