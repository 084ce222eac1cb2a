using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Datasets;
using RearPlayground.Tests.Support.Hub;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Api;

/// <summary>The datasets API: upload and map, preview, the 400s that name the problem, delete (409 while a batch uses it), hub pull.</summary>
// Hangfire keeps its storage in a static (JobStorage.Current): apps start one at a time in this collection.
[Collection("Hangfire")]
public sealed class DatasetApiTests : IAsyncLifetime
{
    private readonly DatasetFiles _files = new();
    private FakeHub _hub = null!;
    private WebAppFactory _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHub.StartAsync();
        _app = new WebAppFactory(null, new Dictionary<string, string?>
        {
            ["Rear:Datasets:MaxBytes"] = "4096",
            ["Rear:Hub:Endpoint"] = _hub.Endpoint.ToString(),
        });
        _client = await _app.SignedInAsync();
    }

    private static MultipartFormDataContent Form(string fileName, byte[] content, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    private async Task<JsonElement> Problem(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("errors").GetProperty(field)[0];
    }

    [Fact]
    public async Task A_semicolon_csv_with_quotes_and_newlines_uploads_maps_and_previews_with_its_skipped_row()
    {
        var csv = "id;prompt;pref;level\nq1;\"Two\nlines; and \"\"quotes\"\"\";terse;3\nq2;;x;1\nq3;Plain;;2\n";
        var response = await _client.PostAsync("/api/datasets", Form("qs.csv", Encoding.UTF8.GetBytes(csv),
            ("mapping", "{\"question\":\"prompt\",\"preference\":\"pref\",\"id\":\"id\"}")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, created.GetProperty("items").GetInt32());
        var skipped = Assert.Single(created.GetProperty("skipped").EnumerateArray());
        Assert.Equal(4, skipped.GetProperty("row").GetInt32());
        Assert.Contains("empty question", skipped.GetProperty("reason").GetString());

        var id = created.GetProperty("id").GetInt64();
        var detail = await _client.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}?preview=1");
        var row = Assert.Single(detail.GetProperty("preview").EnumerateArray());
        Assert.Equal("Two\nlines; and \"quotes\"", row.GetProperty("question").GetString());
        Assert.Equal(("terse", "q1", "3"), (row.GetProperty("preference").GetString(), row.GetProperty("id").GetString(),
            row.GetProperty("metadata").GetProperty("level").GetString()));
        Assert.Equal("csv", detail.GetProperty("dataset").GetProperty("format").GetString());
        Assert.Single(detail.GetProperty("skipped").EnumerateArray());
        var list = await _client.GetFromJsonAsync<JsonElement>("/api/datasets");
        Assert.Contains(list.EnumerateArray(), d => d.GetProperty("id").GetInt64() == id && d.GetProperty("name").GetString() == "qs");
    }

    [Fact]
    public async Task The_400s_name_the_missing_column_the_empty_file_the_limit_and_the_parquet_type()
    {
        var missing = await _client.PostAsync("/api/datasets", Form("m.csv", "problem,answer\nx,1\n"u8.ToArray(), ("mapping", "{\"question\":\"problem\",\"answer\":\"solution\"}")));
        Assert.Contains("no column 'solution'", (await Problem(missing, "mapping")).GetString());

        var empty = await _client.PostAsync("/api/datasets", Form("e.jsonl", []));
        Assert.Contains("'e.jsonl' is empty", (await Problem(empty, "file")).GetString());

        var big = await _client.PostAsync("/api/datasets", Form("big.csv", Encoding.UTF8.GetBytes("question\n" + string.Concat(Enumerable.Repeat("a long enough question\n", 300)))));
        Assert.Contains("larger than the limit of 4,096 bytes", (await Problem(big, "file")).GetString());

        var parquet = await _files.WriteParquetAsync("t.parquet", [("q", "a", 1)], withList: true);
        var nested = await _client.PostAsync("/api/datasets", Form("t.parquet", File.ReadAllBytes(parquet), ("mapping", "{\"question\":\"tags\"}")));
        Assert.Contains("'tags' has Parquet type list", (await Problem(nested, "mapping")).GetString());

        var bad = await _client.PostAsync("/api/datasets", Form("b.jsonl", "{\"x\":1}\n"u8.ToArray()));
        Assert.Contains("no column named 'question'", (await Problem(bad, "mapping")).GetString());
        Assert.Empty(await _client.GetFromJsonAsync<JsonElement[]>("/api/datasets") ?? []);
    }

    [Fact]
    public async Task A_dataset_a_batch_uses_cannot_be_deleted()
    {
        var created = await (await _client.PostAsync("/api/datasets", Form("s.jsonl", "{\"question\":\"Hi\"}\n"u8.ToArray()))).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();
        var factory = _app.Services.GetRequiredService<IDbContextFactory<RearDbContext>>();
        var batch = new BatchEntity { Id = Guid.NewGuid(), Owner = WebAppFactory.AdminEmail, DatasetId = id, RequestJson = "{}", CreatedAt = DateTimeOffset.UtcNow };
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Batches.Add(batch);
            await db.SaveChangesAsync();
        }
        var refused = await _client.DeleteAsync($"/api/datasets/{id}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        await using (var db = await factory.CreateDbContextAsync()) await db.Batches.Where(b => b.Id == batch.Id).ExecuteDeleteAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/datasets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/datasets/{id}")).StatusCode);
        await using (var db = await factory.CreateDbContextAsync()) Assert.Equal(0, await db.DatasetItems.CountAsync(i => i.DatasetId == id));
    }

    [Fact]
    public async Task Pull_imports_a_hub_dataset_and_needs_an_admin()
    {
        var source = Directory.CreateDirectory(Path.Combine(_files.Folder, "hubrepo")).FullName;
        File.WriteAllText(Path.Combine(source, "test.jsonl"), "{\"problem\":\"1+1?\",\"answer\":\"2\",\"unique_id\":\"a\"}\n{\"problem\":\"2+2?\",\"answer\":\"4\",\"unique_id\":\"b\"}\n");
        File.WriteAllText(Path.Combine(source, "README.md"), "math");
        _hub.AddRepo("HuggingFaceH4/MATH-mini", source, dataset: true);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Anonymous().PostAsJsonAsync("/api/datasets/pull", new { repo = "HuggingFaceH4/MATH-mini" })).StatusCode);
        var response = await _client.PostAsJsonAsync("/api/datasets/pull", new { repo = "HuggingFaceH4/MATH-mini", preset = "math500" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var pulled = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("datasets").EnumerateArray());
        Assert.Equal(2, pulled.GetProperty("items").GetInt32());
        var detail = await _client.GetFromJsonAsync<JsonElement>($"/api/datasets/{pulled.GetProperty("id").GetInt64()}");
        Assert.Equal("hub", detail.GetProperty("dataset").GetProperty("source").GetString());
        Assert.Equal("4", detail.GetProperty("preview")[1].GetProperty("answer").GetString());
        Assert.True(Directory.Exists(Path.Combine(_app.HubCacheFolder, "datasets--HuggingFaceH4--MATH-mini")));

        var unknown = await _client.PostAsJsonAsync("/api/datasets/pull", new { repo = "nobody/nothing" });
        Assert.Contains("not found", (await Problem(unknown, "repo")).GetString());
    }

    [Fact]
    public async Task Pull_in_the_background_reports_progress_then_its_datasets_or_its_error()
    {
        var source = Directory.CreateDirectory(Path.Combine(_files.Folder, "bgrepo")).FullName;
        File.WriteAllText(Path.Combine(source, "test.jsonl"), "{\"problem\":\"1+1?\",\"answer\":\"2\"}\n{\"problem\":\"2+2?\",\"answer\":\"4\"}\n{\"problem\":\"3+3?\",\"answer\":\"6\"}\n");
        _hub.AddRepo("team/arith", source, dataset: true);

        var accepted = await PullAsync(new { repo = "team/arith", preset = "math500" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var started = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetGuid();
        Assert.Equal($"/api/datasets/pulls/{id}", accepted.Headers.Location!.OriginalString);
        Assert.Equal("team/arith", started.GetProperty("repo").GetString());

        var done = await EndAsync(id);
        Assert.Equal("done", done.GetProperty("state").GetString());
        Assert.Equal(1.0, done.GetProperty("fraction").GetDouble());
        Assert.Equal(done.GetProperty("bytesTotal").GetInt64(), done.GetProperty("bytesDone").GetInt64());
        Assert.True(done.GetProperty("bytesDone").GetInt64() > 0);
        var dataset = Assert.Single(done.GetProperty("datasets").EnumerateArray());
        Assert.Equal(3, dataset.GetProperty("items").GetInt32());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("error").ValueKind);
        Assert.Contains((await _client.GetFromJsonAsync<JsonElement>("/api/datasets/pulls")).EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
        // An ended pull cannot be cancelled; an unknown one is not found.
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/api/datasets/pulls/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/datasets/pulls/{Guid.NewGuid()}")).StatusCode);

        var failed = await EndAsync((await (await PullAsync(new { repo = "nobody/nothing" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Equal("repo", failed.GetProperty("error").GetProperty("field").GetString());
        Assert.Contains("not found", failed.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("datasets").ValueKind);
    }

    private async Task<HttpResponseMessage> PullAsync(object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/datasets/pull") { Content = JsonContent.Create(body) };
        request.Headers.Add("Prefer", "respond-async");
        return await _client.SendAsync(request);
    }

    private async Task<JsonElement> EndAsync(Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var pull = await _client.GetFromJsonAsync<JsonElement>($"/api/datasets/pulls/{id}");
            if (pull.GetProperty("state").GetString() != "running") return pull;
            Assert.True(DateTime.UtcNow < deadline, "the pull did not end in 60 s");
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _hub.DisposeAsync();
        _files.Dispose();
    }
}
