extern alias web;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RearPlayground.Tests.Support;

namespace RearPlayground.Tests.Web;

/// <summary>
/// The real web app on a real port (Kestrel on port 0, so SignalR clients connect over loopback), with a temp
/// data folder (SQLite rear.db and the key ring), in-memory Hangfire with one in-process worker, a bootstrap
/// admin, and the repository's models (SharedModels) on CPU; the internal constructor's settings override any of that.
/// Hangfire's configuration is process-wide: every test class using this is in the "Hangfire" collection.
/// </summary>
public class WebAppFactory : WebApplicationFactory<web::Program>
{
    public const string AdminEmail = "admin@example.org", AdminPassword = "Admin-pass-1";

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsFolder;

    public WebAppFactory() : this(null, null) { }

    internal WebAppFactory(string? dataFolder, IDictionary<string, string?>? settings = null)
    {
        _ownsFolder = dataFolder is null;
        DataFolder = dataFolder ?? NewFolder();
        _settings = new Dictionary<string, string?>
        {
            ["Rear:DataFolder"] = DataFolder,
            ["Rear:JobStorage"] = "InMemory",
            ["Rear:Workers"] = "1",
            ["Rear:Device"] = "cpu",
            ["Rear:ModelDirectories:0"] = SharedModels.TestModels,
            ["Rear:Bootstrap:AdminEmail"] = AdminEmail,
            ["Rear:Bootstrap:AdminPassword"] = AdminPassword,
            // Never the real Hugging Face cache or hub: a cache in the data folder, a hub at a port nothing listens on.
            ["Rear:Hub:Cache"] = Path.Combine(DataFolder, "hf-cache"),
            ["Rear:Hub:Endpoint"] = "http://127.0.0.1:9",
            // Tests sign in many times a minute from one address; the limiter's own tests set a small limit.
            ["Rear:SignIn:PermitLimit"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        UseKestrel(0);
    }

    public string DataFolder { get; }
    public string HubCacheFolder => _settings["Rear:Hub:Cache"]!;
    public LogCapture Log { get; } = new();

    /// <summary>The one-time setup URL the app printed at start-up, if it printed one.</summary>
    public string? SetupLink
    {
        get
        {
            StartServer();
            const string marker = "Create the first admin at ";
            var line = Log.Lines.LastOrDefault(l => l.Contains(marker));
            return line?[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim();
        }
    }
    public string DatabasePath => Path.Combine(DataFolder, "rear.db");

    /// <summary>The real server's base address (http://127.0.0.1:port/).</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new Uri(address.TrimEnd('/') + "/");
        }
    }

    public static string NewFolder() => Path.Combine(Path.GetTempPath(), "rear-web-tests-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: the app reads these while its builder is being set up.
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous()
    {
        var client = CreateClient();
        client.BaseAddress = BaseAddress;
        return client;
    }

    /// <summary>Signs in with POST /login and returns the bearer token.</summary>
    public async Task<string> TokenAsync(string email = AdminEmail, string password = AdminPassword)
    {
        using var client = Anonymous();
        using var response = await client.PostAsJsonAsync("/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["accessToken"]!.GetValue<string>();
    }

    /// <summary>A client signed in as <paramref name="email"/> (default the bootstrap admin).</summary>
    public async Task<HttpClient> SignedInAsync(string email = AdminEmail, string password = AdminPassword)
    {
        var token = await TokenAsync(email, password);
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A started hub connection to /hubs/runs, the token in access_token (WebSockets send no headers).</summary>
    /// <summary>A started hub connection, speaking JSON or, with <paramref name="messagePack"/>, MessagePack.</summary>
    public async Task<HubConnection> HubAsync(string? token = null, bool messagePack = false)
    {
        token ??= await TokenAsync();
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "hubs/runs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token));
        if (messagePack) builder.AddMessagePackProtocol();
        var connection = builder.Build();
        await connection.StartAsync();
        return connection;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) DeleteFolder();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteFolder();
        GC.SuppressFinalize(this);
    }

    private void DeleteFolder()
    {
        if (!_ownsFolder) return;
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataFolder, recursive: true); }
        catch (IOException) { } // best effort
        catch (UnauthorizedAccessException) { }
    }
}
