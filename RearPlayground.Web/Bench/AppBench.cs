namespace RearPlayground.Web.Bench;

/// <summary>
/// <c>bench-app</c>: the same requests through the CLI path (SearchRunner on a loaded model) and as jobs of a real web
/// app (temp SQLite file, the real Hangfire server on in-memory storage, the broker, one live hub watcher on loopback),
/// the two sides alternated; prints job ÷ CLI, the small run's latencies and the write path's events per second.
/// Handled in Program.cs before the web host is built; figures are reported, never asserted.
/// </summary>
public static class AppBench
{
    public const string Verb = "bench-app";

    public static bool IsVerb(string[] args) => args.Length > 0 && args[0] == Verb;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter log)
    {
        AppBenchSettings settings;
        try
        {
            settings = AppBenchSettings.Parse(args);
        }
        catch (ArgumentException e)
        {
            await log.WriteLineAsync(e.Message);
            await log.WriteLineAsync(AppBenchSettings.Usage);
            return 2;
        }
        var figures = await AppBenchRunner.RunAsync(settings, log);
        await output.WriteLineAsync(AppBenchReport.Table(figures));
        var json = AppBenchReport.Json(figures);
        await output.WriteLineAsync(json);
        if (settings.JsonOut is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, json);
        }
        return 0;
    }
}
