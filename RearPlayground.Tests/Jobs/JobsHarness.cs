using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Jobs;

/// <summary>
/// The job's services wired as the hosts wire them (AddRearData on a temp SQLite file + migrations, AddRearJobs),
/// with no Hangfire server (Workers = 0) and a recording publisher; models from the repository (SharedModels) on CPU.
/// </summary>
internal sealed class JobsHarness : IAsyncDisposable
{
    private readonly string _folder;

    private JobsHarness(string folder, ServiceProvider services, RecordingPublisher publisher)
    {
        _folder = folder;
        Services = services;
        Publisher = publisher;
    }

    public ServiceProvider Services { get; }
    /// <summary>The run history's SQLite file.</summary>
    public string DatabasePath => Path.Combine(_folder, "rear.db");
    public RecordingPublisher Publisher { get; }
    public IRunStore Store => Services.GetRequiredService<IRunStore>();
    public RunCancellation Cancellation => Services.GetRequiredService<RunCancellation>();
    public ModelPool Pool => Services.GetRequiredService<ModelPool>();
    public RunJob Job => Services.GetRequiredService<RunJob>();

    public static Dictionary<string, string?> Settings(string folder) => new()
    {
        ["Rear:ModelDirectories:0"] = SharedModels.TestModels,
        ["Rear:Device"] = "cpu",
        ["Rear:Workers"] = "0",
        ["Rear:JobStoragePath"] = Path.Combine(folder, "jobs.db"),
    };

    public static async Task<JobsHarness> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rear-jobs-tests-" + Guid.NewGuid().ToString("N"));
        var config = new ConfigurationBuilder().AddInMemoryCollection(Settings(folder)).Build();
        var publisher = new RecordingPublisher();
        var services = new ServiceCollection()
            .AddLogging()
            .AddRearData(Path.Combine(folder, "rear.db"))
            .AddRearJobs(config)
            .AddSingleton<IRunEventPublisher>(publisher)
            .BuildServiceProvider();
        await services.MigrateRearDataAsync();
        return new JobsHarness(folder, services, publisher);
    }

    /// <summary>A Queued run holding <paramref name="request"/> as the web app stores it.</summary>
    public static async Task<Guid> SubmitAsync(IRunStore store, RunRequest request)
    {
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "tests", Model = request.Model ?? "", Method = request.Method ?? "",
            Question = request.Question ?? "", Preference = request.Preference,
            RequestJson = JsonSerializer.Serialize(request, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
            Status = RunStatus.Queued,
        };
        await store.CreateAsync(run);
        return run.Id;
    }

    public Task<Guid> SubmitAsync(RunRequest request) => SubmitAsync(Store, request);

    public static RunRequest Request(string method = "bon", int n = 4, int maxTokens = 16) => new()
    {
        Model = "stories260K", Method = method, Question = "Once upon a time",
        Preference = "Tom was a cat who loved to eat fish.", N = n, M = 2, MaxTokens = maxTokens, Seed = 4,
    };

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { } // best effort
    }
}
