using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using RearPlayground.Web.Hosting;
using RearPlayground.Web.Live;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Bench;

/// <summary>
/// The web app as it runs for users, for bench-app: AddRearWeb / UseRearWebAsync on loopback (port 0), a temp data folder
/// (SQLite rear.db), in-memory Hangfire with one worker, models on CPU, a bench admin signed in over HTTP and one hub
/// connection watching runs. Disposing stops it and deletes the folder.
/// </summary>
internal sealed class BenchWebApp : IAsyncDisposable
{
    private const string Email = "bench@example.org";

    private readonly WebApplication _app;
    private readonly string _folder;

    private BenchWebApp(WebApplication app, string folder, HttpClient client, HubConnection hub, LiveWatch watch)
    {
        _app = app;
        _folder = folder;
        Client = client;
        Hub = hub;
        Watch = watch;
    }

    public HttpClient Client { get; }
    public HubConnection Hub { get; }
    public LiveWatch Watch { get; }
    public IServiceProvider Services => _app.Services;
    public JobStarts Starts { get; } = JobStarts.Instance;

    /// <param name="searchCpus">"Rear:SearchCpus": the CPUs the jobs' searches are pinned to; null leaves them unpinned.</param>
    public static async Task<BenchWebApp> StartAsync(IReadOnlyList<int>? searchCpus)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rear-bench-app-" + Guid.NewGuid().ToString("N"));
        var password = "Bench-" + Guid.NewGuid().ToString("N")[..12] + "!";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [], EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory, WebRootPath = WebRoot.Locate(),
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rear:DataFolder"] = folder,
            ["Rear:JobStorage"] = "InMemory",
            ["Rear:Workers"] = "1",
            ["Rear:Device"] = "cpu",
            ["Rear:SearchCpus"] = searchCpus is null ? null : string.Join(',', searchCpus),
            ["Rear:Bootstrap:AdminEmail"] = Email,
            ["Rear:Bootstrap:AdminPassword"] = password,
            // appsettings.json beside the binary logs at Information: only warnings would disturb the figures' output.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddRearWeb();
        GlobalJobFilters.Filters.Add(JobStarts.Instance);
        var app = builder.Build();
        await app.UseRearWebAsync();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
        using var login = await client.PostAsJsonAsync("/login", new { email = Email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(client.BaseAddress, RunHub.Path.TrimStart('/')), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddMessagePackProtocol()
            .Build();
        var watch = new LiveWatch(hub);
        await hub.StartAsync();
        return new BenchWebApp(app, folder, client, hub, watch);
    }

    /// <summary>Submits over HTTP and follows the run on the hub (backlog then live) to its terminal event.</summary>
    public async Task<RunTrace> RunAsync(RunRequest request, TimeSpan timeout)
    {
        var submitted = TimeProvider.System.GetTimestamp();
        using var response = await Client.PostAsJsonAsync("/api/runs", request, JsonSerializerOptions.Web);
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var trace = Watch.Track(id, submitted);
        await Hub.InvokeAsync("JoinBatches", id, 0L);
        await trace.Ended.WaitAsync(timeout);
        trace.JobStarted = Starts.Of(id);
        return trace;
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { } // best effort: a temp folder
    }
}
