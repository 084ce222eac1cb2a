using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Stress;

/// <summary>The real app of the stress suites, with one ended (succeeded) run made on first use, shared by the class's cases.</summary>
public sealed class StressApp : WebAppFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Guid? _ended;

    /// <summary>A succeeded Best-of-N run of two candidates, owned by the admin.</summary>
    public async Task<Guid> EndedRunAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_ended is { } id) return id;
            using var admin = await SignedInAsync();
            id = await RunApi.SubmitAsync(admin, RunApi.Tiny());
            Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, id)));
            _ended = id;
            return id;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How many runs the history holds (every run, any status).</summary>
    public static async Task<int> RunCountAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonObject>("/api/runs"))!["total"]!.GetValue<int>();
}
