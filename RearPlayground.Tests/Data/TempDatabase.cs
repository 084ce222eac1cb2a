using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Data;

/// <summary>
/// A migrated SQLite file in a fresh temp folder, wired exactly as the apps wire it (AddRearData +
/// MigrateRearDataAsync). Real files, never in-memory: WAL, locking and busy handling are what is under test.
/// </summary>
internal sealed class TempDatabase : IAsyncDisposable
{
    private readonly string _folder;

    private TempDatabase(string folder, ServiceProvider services)
    {
        _folder = folder;
        Services = services;
        Store = services.GetRequiredService<IRunStore>();
    }

    public ServiceProvider Services { get; }
    public IRunStore Store { get; }
    /// <summary>Inside a sub-folder that did not exist, so AddRearData's folder creation is exercised too.</summary>
    public string DatabasePath => Path.Combine(_folder, "db", "rear.db");

    /// <summary>With <paramref name="time"/>, the stores read that clock (the app's is <see cref="TimeProvider.System"/>).</summary>
    public static async Task<TempDatabase> CreateAsync(TimeProvider? time = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rear-data-tests-" + Guid.NewGuid().ToString("N"));
        var collection = new ServiceCollection();
        if (time is not null) collection.AddSingleton(time);
        var services = collection.AddRearData(Path.Combine(folder, "db", "rear.db")).BuildServiceProvider();
        await services.MigrateRearDataAsync();
        return new TempDatabase(folder, services);
    }

    public RearDbContext NewContext() => Services.GetRequiredService<IDbContextFactory<RearDbContext>>().CreateDbContext();

    /// <summary>A connection that bypasses EF, to check what is really in the file.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>
    /// The rows of <paramref name="table"/> whose <paramref name="column"/> is <paramref name="id"/> (a GUID as EF stores it,
    /// upper-case text), in <paramref name="order"/>: every column but Id and <paramref name="column"/>, as SQLite holds it
    /// ("name:type:value", blobs in hex), to compare rows written different ways.
    /// </summary>
    public List<string> RawRows(string table, string column, Guid id, string order)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE \"{column}\" = upper(@id) ORDER BY {order}";
        command.Parameters.AddWithValue("@id", id.ToString());
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount)
                .Where(i => reader.GetName(i) != "Id" && reader.GetName(i) != column)
                .Select(i => $"{reader.GetName(i)}:{reader.GetDataTypeName(i)}:{(reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) is byte[] b ? Convert.ToHexString(b) : reader.GetValue(i))}")));
        return rows;
    }

    public object? Scalar(string sql)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public async Task<RunEntity> CreateRunAsync(RunStatus status = RunStatus.Queued, string owner = "alice",
        string model = "stories260K", string method = "bon", string question = "Once upon a time",
        string? preference = "Tom was a cat.", DateTimeOffset? createdAt = null)
    {
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = owner, Model = model, Method = method, Question = question,
            Preference = preference, RequestJson = "{}", Status = status, CreatedAt = createdAt ?? default,
        };
        await Store.CreateAsync(run);
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        // Pooled connections keep the file (and its -wal/-shm) open.
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { } // best effort: a temp folder left behind is harmless
    }
}
