using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Api;

/// <summary>
/// The annotation and export routes over the real app: values checked (400 naming the field), only the author
/// changes or deletes (403 for anyone else), 404 when missing; the queue; downloads that parse.
/// </summary>
[Collection("Hangfire")]
public sealed class AnnotationApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private const string BobEmail = "bob@example.org", BobPassword = "Bob-pass-12";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Guid? _run;

    /// <summary>One succeeded Best-of-N run of three candidates and the user bob, made once for the class.</summary>
    private async Task<Guid> RunAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_run is { } id) return id;
            using var admin = await app.SignedInAsync();
            using var created = await admin.PostAsJsonAsync("/api/users", new { email = BobEmail, password = BobPassword, roles = new[] { "annotator" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = await RunApi.SubmitAsync(admin, RunApi.Bon(n: 3, maxTokens: 8));
            Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, id)));
            _run = id;
            return id;
        }
        finally
        {
            Gate.Release();
        }
    }

    [Fact]
    public async Task Only_the_author_updates_or_deletes_an_annotation()
    {
        var run = await RunAsync();
        using var bob = await app.SignedInAsync(BobEmail, BobPassword);
        using var admin = await app.SignedInAsync();

        using var created = await bob.PostAsJsonAsync($"/api/runs/{run}/annotations", new { kind = "best", candidateIndex = 1, comment = "tidy" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var annotation = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = annotation["id"]!.GetValue<long>();
        Assert.Equal((BobEmail, "best", 1), (annotation["annotator"]!.GetValue<string>(), annotation["kind"]!.GetValue<string>(), annotation["value"]!.GetValue<int>()));
        Assert.EndsWith($"/api/runs/{run}/annotations/{id}", created.Headers.Location!.ToString());

        // Someone else, even an admin: 403, and nothing changes.
        using var put = await admin.PutAsJsonAsync($"/api/runs/{run}/annotations/{id}", new { candidateIndex = 2 });
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        using var delete = await admin.DeleteAsync($"/api/runs/{run}/annotations/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        var listed = (await admin.GetFromJsonAsync<JsonArray>($"/api/runs/{run}/annotations"))!;
        Assert.Equal(1, listed.Single(a => a!["id"]!.GetValue<long>() == id)!["candidateIndex"]!.GetValue<int>());

        // The author: bad values are 400 naming the field; a good one is saved.
        Assert.Equal(["candidateIndex"], await RunApi.ErrorKeysAsync(await bob.PutAsJsonAsync($"/api/runs/{run}/annotations/{id}", new { candidateIndex = 7 })));
        using var updated = await bob.PutAsJsonAsync($"/api/runs/{run}/annotations/{id}", new { candidateIndex = 2, comment = "on second thought" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var changed = (await updated.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((2, "on second thought"), (changed["candidateIndex"]!.GetValue<int>(), changed["comment"]!.GetValue<string>()));
        Assert.NotNull(changed["updatedAt"]);

        using var removed = await bob.DeleteAsync($"/api/runs/{run}/annotations/{id}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var again = await bob.DeleteAsync($"/api/runs/{run}/annotations/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using var missingPut = await bob.PutAsJsonAsync($"/api/runs/{run}/annotations/{id}", new { candidateIndex = 0 });
        Assert.Equal(HttpStatusCode.NotFound, missingPut.StatusCode);
    }

    [Fact]
    public async Task Bad_values_are_400_naming_the_field_and_a_missing_run_is_404()
    {
        var run = await RunAsync();
        using var bob = await app.SignedInAsync(BobEmail, BobPassword);
        async Task<string[]> Post(object body) => await RunApi.ErrorKeysAsync(await bob.PostAsJsonAsync($"/api/runs/{run}/annotations", body));

        Assert.Equal(["kind"], await Post(new { kind = "verdict" }));
        Assert.Equal(["value"], await Post(new { kind = "rank", value = new[] { 0, 1 } }));
        Assert.Equal(["value"], await Post(new { kind = "pair", value = new { left = 0, right = 0, choice = "left" } }));
        Assert.Equal(["value"], await Post(new { kind = "pair", value = new { left = 0, right = 1, choice = "both" } }));
        Assert.Equal(["comment"], await Post(new { kind = "comment" }));
        using var missing = await bob.PostAsJsonAsync($"/api/runs/{Guid.NewGuid()}/annotations", new { kind = "best", candidateIndex = 0 });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var list = await bob.GetAsync($"/api/runs/{Guid.NewGuid()}/annotations");
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
    }

    [Fact]
    public async Task The_queue_drops_a_run_once_judged_and_the_exports_download_with_filters()
    {
        var run = await RunAsync();
        using var bob = await app.SignedInAsync(BobEmail, BobPassword);
        using var admin = await app.SignedInAsync();

        var queue = (await admin.GetFromJsonAsync<JsonObject>("/api/annotate/queue?order=newest"))!;
        Assert.Contains(run, queue["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));
        Assert.Equal(3, queue["items"]!.AsArray().First(i => i!["id"]!.GetValue<Guid>() == run)!["candidates"]!.GetValue<int>());
        Assert.Equal(["order"], await RunApi.ErrorKeysAsync(await admin.GetAsync("/api/annotate/queue?order=random")));

        using var rank = await admin.PostAsJsonAsync($"/api/runs/{run}/annotations", new { kind = "rank", value = new[] { 2, 0, 1 } });
        Assert.Equal(HttpStatusCode.Created, rank.StatusCode);
        using var pair = await bob.PostAsJsonAsync($"/api/runs/{run}/annotations", new { kind = "pair", value = "{\"left\":1,\"right\":0,\"choice\":\"right\"}" });
        Assert.Equal(HttpStatusCode.Created, pair.StatusCode);
        queue = (await admin.GetFromJsonAsync<JsonObject>("/api/annotate/queue"))!;
        Assert.DoesNotContain(run, queue["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));

        using var dpo = await admin.GetAsync($"/api/export/dpo.jsonl?annotator={Uri.EscapeDataString(WebAppFactory.AdminEmail)}&pairs=all");
        Assert.Equal(HttpStatusCode.OK, dpo.StatusCode);
        Assert.Equal("application/jsonl", dpo.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".jsonl", dpo.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        var lines = (await dpo.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal([(2, 0), (2, 1), (0, 1)], lines.Select(l => (l["chosen_index"]!.GetValue<int>(), l["rejected_index"]!.GetValue<int>())));
        Assert.All(lines, l => Assert.Equal("Once upon a time", l["prompt"]!.GetValue<string>())); // stories260K is a plain model
        Assert.All(lines, l => Assert.Equal(run, l["run_id"]!.GetValue<Guid>()));
        // The summary rides in headers, the lines staying plain TRL records; raw=true writes every judgement.
        Assert.Equal((lines.Count.ToString(), "false"), (Header(dpo, "X-Dpo-Pairs"), Header(dpo, "X-Dpo-Raw")));
        Assert.Equal(["raw"], await RunApi.ErrorKeysAsync(await admin.GetAsync("/api/export/dpo.jsonl?raw=maybe")));
        using var raw = await admin.GetAsync("/api/export/dpo.jsonl?raw=true");
        var rawLines = (await raw.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal((rawLines.Length.ToString(), rawLines.Length.ToString(), "true"),
            (Header(raw, "X-Dpo-Judgements"), Header(raw, "X-Dpo-Pairs"), Header(raw, "X-Dpo-Raw")));

        var runs = (await admin.GetFromJsonAsync<JsonArray>("/api/export/runs.json?model=stories260K"))!;
        var exported = runs.Single(r => r!["id"]!.GetValue<Guid>() == run)!;
        Assert.Equal(3, exported["candidates"]!.AsArray().Count);
        Assert.Contains(BobEmail, exported["annotations"]!.AsArray().Select(a => a!["annotator"]!.GetValue<string>()));

        using var csv = await admin.GetAsync("/api/export/scores.csv?from=2000-01-01");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("run_id,model,method,lambda,", await csv.Content.ReadAsStringAsync());
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/export/runs.json?model=nope"))!);
        Assert.Equal(["from"], await RunApi.ErrorKeysAsync(await admin.GetAsync("/api/export/scores.csv?from=yesterday")));
    }

    private static string Header(HttpResponseMessage response, string name) => Assert.Single(response.Headers.GetValues(name));

    [Theory]
    [InlineData("GET", "/api/runs/6f1c2d3e-0000-4000-8000-000000000001/annotations")]
    [InlineData("POST", "/api/runs/6f1c2d3e-0000-4000-8000-000000000001/annotations")]
    [InlineData("PUT", "/api/runs/6f1c2d3e-0000-4000-8000-000000000001/annotations/1")]
    [InlineData("DELETE", "/api/runs/6f1c2d3e-0000-4000-8000-000000000001/annotations/1")]
    [InlineData("GET", "/api/annotate/queue")]
    [InlineData("GET", "/api/export/dpo.jsonl")]
    [InlineData("GET", "/api/export/runs.json")]
    [InlineData("GET", "/api/export/scores.csv")]
    public async Task Anonymous_calls_are_refused(string method, string path)
    {
        using var client = app.Anonymous();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT") request.Content = JsonContent.Create(new { kind = "best", candidateIndex = 0 });
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_routes_are_in_the_OpenAPI_document_with_their_tags()
    {
        using var client = app.Anonymous();
        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        foreach (var (path, verb, tag) in new[]
                 {
                     ("/api/runs/{id}/annotations", "get", "Annotations"), ("/api/runs/{id}/annotations", "post", "Annotations"),
                     ("/api/runs/{id}/annotations/{annotationId}", "put", "Annotations"),
                     ("/api/runs/{id}/annotations/{annotationId}", "delete", "Annotations"), ("/api/annotate/queue", "get", "Annotations"),
                     ("/api/export/dpo.jsonl", "get", "Export"), ("/api/export/runs.json", "get", "Export"), ("/api/export/scores.csv", "get", "Export"),
                 })
        {
            Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document");
            Assert.Contains(tag, paths[path]![verb]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        }
    }
}
