using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Jobs;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Runs real jobs (stories260K on CPU, the job's own writer and store on a temp SQLite file) and measures what they add
/// to the database: the file after a TRUNCATE checkpoint, page_count × page_size, and both after VACUUM, each minus the
/// same figure for the migrated empty database, divided by the runs' generated tokens (counts.generatedTokens).
/// </summary>
internal static class StorageProbe
{
    public sealed record Figures(string Name, int Runs, long Tokens, long FileBytes, long PageBytes, long VacuumedBytes,
        IReadOnlyList<(string Table, long Bytes)> Tables)
    {
        public double FilePerToken => (double)FileBytes / Tokens;
        public double PagesPerToken => (double)PageBytes / Tokens;
        public double VacuumedPerToken => (double)VacuumedBytes / Tokens;

        public override string ToString()
        {
            var text = new StringBuilder($"{Name}: {Runs} run(s), {Tokens} generated tokens; bytes/token: file {FilePerToken:F1}, "
                + $"pages {PagesPerToken:F1}, vacuumed {VacuumedPerToken:F1}");
            foreach (var (table, bytes) in Tables) text.Append($"\n    {table,-44} {(double)bytes / Tokens,7:F1} B/token");
            return text.ToString();
        }
    }

    /// <summary>Runs <paramref name="request"/> <paramref name="runs"/> times (seeds 3, 4, …) in a fresh database.</summary>
    /// <param name="pipeline">The job's event pipeline; null: the default one (batches as timing makes them).</param>
    public static async Task<Figures> MeasureAsync(string name, RunRequest request, int runs, EventPipelineOptions? pipeline = null)
    {
        await using var h = await JobsHarness.CreateAsync();
        var job = pipeline is null ? h.Job
            : new RunJob(h.Store, h.Pool, h.Publisher, h.Cancellation, new RunLimits(), NullLogger<RunJob>.Instance) { Pipeline = pipeline };
        var (file, pages) = Sizes(h.DatabasePath);
        var empty = Vacuumed(h.DatabasePath, out _);
        var tokens = 0L;
        for (var i = 0; i < runs; i++)
        {
            var id = await h.SubmitAsync(request with { Seed = request.Seed + i });
            await job.ExecuteAsync(id, CancellationToken.None);
            var run = (await h.Store.FindAsync(id))!;
            Assert.Equal(RunStatus.Succeeded, run.Status);
            tokens += JsonDocument.Parse(run.CountsJson!).RootElement.GetProperty("generatedTokens").GetInt64();
        }
        var (fileAfter, pagesAfter) = Sizes(h.DatabasePath);
        var vacuumed = Vacuumed(h.DatabasePath, out var tables);
        // To look inside: REAR_STORAGE_KEEP=/some/folder keeps a copy of each database.
        if (Environment.GetEnvironmentVariable("REAR_STORAGE_KEEP") is { Length: > 0 } keep)
            File.Copy(h.DatabasePath, Path.Combine(keep, request.Method + ".db"), overwrite: true);
        return new Figures(name, runs, tokens, fileAfter - file, pagesAfter - pages, vacuumed - empty, tables);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    // The file after the WAL is folded into it and truncated, and the pages SQLite says it has.
    private static (long File, long Pages) Sizes(string path)
    {
        using var connection = Open(path);
        Scalar(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        var pages = Scalar(connection, "PRAGMA page_count") * Scalar(connection, "PRAGMA page_size");
        return (new FileInfo(path).Length, pages);
    }

    private static readonly (string, string)[] Breakdown =
    [
        ("values: RunEvents ", "SELECT Type, SUM(LENGTH(CAST(PayloadJson AS BLOB))) FROM RunEvents WHERE Packed IS NULL GROUP BY Type ORDER BY 2 DESC"),
        ("values: ", "SELECT 'RunEvents packed', SUM(LENGTH(Packed)) FROM RunEvents"),
        ("values: ", "SELECT 'TreeNodes', SUM(LENGTH(CAST(Text AS BLOB)) + LENGTH(TokenIdsJson) + LENGTH(LogProbsWithoutJson) + LENGTH(LogProbsWithJson) + 40) FROM TreeNodes"),
        ("values: ", "SELECT 'Candidates', SUM(LENGTH(CAST(Text AS BLOB)) + LENGTH(TokenIdsJson) + LENGTH(LogProbsWithoutJson) + LENGTH(LogProbsWithJson) + 40) FROM Candidates"),
        ("rows: ", "SELECT 'RunEvents rows (count × 100)', COUNT(*) * 100 FROM RunEvents"),
    ];

    // After VACUUM (no free pages, tables packed), with the bytes each table and index takes (dbstat).
    private static long Vacuumed(string path, out IReadOnlyList<(string, long)> tables)
    {
        using var connection = Open(path);
        Scalar(connection, "VACUUM");
        var list = new List<(string, long)>();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name HAVING SUM(pgsize) > 4096 ORDER BY 2 DESC";
            using var reader = command.ExecuteReader();
            while (reader.Read()) list.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        catch (SqliteException)
        {
            // dbstat is not compiled in: the stored values' own sizes per table (and per event type) instead.
            foreach (var (label, sql) in Breakdown)
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                using var reader = command.ExecuteReader();
                while (reader.Read()) list.Add((label + reader.GetString(0), reader.IsDBNull(1) ? 0 : reader.GetInt64(1)));
            }
        }
        tables = list;
        return Scalar(connection, "PRAGMA page_count") * Scalar(connection, "PRAGMA page_size");
    }
}
