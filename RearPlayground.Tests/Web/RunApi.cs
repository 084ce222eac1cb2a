using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RearPlayground.Tests.Web;

/// <summary>Requests and calls of the runs HTTP API, as a browser or script makes them. Runs are tiny (stories260K on CPU).</summary>
internal static class RunApi
{
    public static readonly string[] TerminalStatuses = ["succeeded", "failed", "cancelled", "interrupted"];

    public static JsonObject Bon(int n = 4, int maxTokens = 24) => new()
    {
        ["model"] = "stories260K", ["method"] = "bon", ["question"] = "Once upon a time",
        ["preference"] = "Tom was a cat who loved to eat fish.", ["n"] = n, ["m"] = 2, ["maxTokens"] = maxTokens, ["seed"] = 4,
    };

    public static JsonObject Dvts(int n = 4, int maxTokens = 32)
    {
        var body = Bon(n, maxTokens);
        body["method"] = "dvts";
        body["stepTokens"] = 8;
        return body;
    }

    /// <summary>Two candidates of eight tokens: a fraction of a second.</summary>
    public static JsonObject Tiny() => Bon(n: 2, maxTokens: 8);

    /// <summary>
    /// One-token steps with a stop string that never occurs: hundreds of model calls, seconds of work (about 4.5 s on
    /// this 2-core VM; with N = 4 it took under 2 s once page faults stopped slowing the engine, which a standalone
    /// worker's 2 s cancel poll could miss).
    /// </summary>
    public static JsonObject Long()
    {
        var body = Dvts(n: 16, maxTokens: 480);
        body["stepTokens"] = 1;
        body["maxSteps"] = 480;
        body["stop"] = "\u0001";
        return body;
    }

    public static async Task<Guid> SubmitAsync(HttpClient client, JsonObject body)
    {
        using var response = await client.PostAsJsonAsync("/api/runs", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("queued", json["status"]!.GetValue<string>());
        var id = json["id"]!.GetValue<Guid>();
        Assert.EndsWith($"/api/runs/{id}", response.Headers.Location!.ToString());
        return id;
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!;

    public static string Status(JsonObject run) => run["status"]!.GetValue<string>();

    /// <summary>Polls GET /api/runs/{id} until the run has ended; fails the test after <paramref name="timeoutSeconds"/>.</summary>
    public static async Task<JsonObject> WaitForEndAsync(HttpClient client, Guid id, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var run = await GetAsync(client, id);
            if (TerminalStatuses.Contains(Status(run))) return run;
            if (DateTime.UtcNow > deadline) Assert.Fail($"run {id} still {Status(run)} after {timeoutSeconds} s");
            await Task.Delay(100);
        }
    }

    public static async Task<JsonArray> EventsAsync(HttpClient client, Guid id, long after = 0) =>
        (await client.GetFromJsonAsync<JsonArray>($"/api/runs/{id}/events?after={after}"))!;

    /// <summary>Polls the stored events until <paramref name="until"/> holds.</summary>
    public static async Task<JsonArray> WaitForEventsAsync(HttpClient client, Guid id, Func<JsonArray, bool> until, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var events = await EventsAsync(client, id);
            if (until(events)) return events;
            if (DateTime.UtcNow > deadline) Assert.Fail($"run {id}: the awaited events did not come in {timeoutSeconds} s ({events.Count} stored)");
            await Task.Delay(20);
        }
    }

    public static IEnumerable<string> Types(JsonArray events) => events.Select(e => e!["type"]!.GetValue<string>());

    /// <summary>A stored float array; −∞ is written as the string "-Infinity".</summary>
    public static float[] Floats(JsonNode? node) => [.. node!.AsArray().Select(v => v!.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? float.Parse(v.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
        : v.GetValue<float>())];

    public static double Number(JsonNode? node) => node!.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? double.Parse(node.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
        : node.GetValue<double>();

    /// <summary>A problem details body's "errors" keys (400 from validation).</summary>
    public static async Task<string[]> ErrorKeysAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return [.. problem["errors"]!.AsObject().Select(e => e.Key)];
    }
}
