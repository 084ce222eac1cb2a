using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RearPlayground.Tests.Web;

/// <summary>
/// POST /api/runs with an Idempotency-Key: a repeat (sequential or concurrent) from the same user answers the first run
/// with 200 and creates nothing; another user or another key is a new run; a bad key is a 400 naming the header; the key
/// reused for another request body is a 422 naming the header and the earlier run, and creates nothing.
/// </summary>
[Collection("Hangfire")]
public sealed class IdempotencyKeyTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private const string BobEmail = "idem-bob@example.org", BobPassword = "Bob-pass-12";

    // A question no other test uses, to count this test's runs in the history.
    private static JsonObject Body(string tag)
    {
        var body = RunApi.Tiny();
        body["question"] = $"Once upon a time {tag}";
        return body;
    }

    private static async Task<(HttpStatusCode Status, Guid Id)> PostAsync(HttpClient client, JsonObject body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (response.StatusCode, json["id"]!.GetValue<Guid>());
    }

    private static async Task<int> CountAsync(HttpClient client, string tag) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/runs?text={tag}&pageSize=100"))!["total"]!.GetValue<int>();

    private static string Tag() => "idem" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Two_posts_with_one_key_give_one_run_the_second_answered_200()
    {
        using var client = await app.SignedInAsync();
        var tag = Tag();
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(client, Body(tag), key);
        var second = await PostAsync(client, Body(tag), key);

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, await CountAsync(client, tag));
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, first.Id)));
        // Still the same run once it ended, within the window.
        Assert.Equal((HttpStatusCode.OK, first.Id), await PostAsync(client, Body(tag), key));
        Assert.Equal(1, await CountAsync(client, tag));
    }

    [Fact]
    public async Task Five_concurrent_posts_with_one_key_create_one_run()
    {
        using var client = await app.SignedInAsync();
        var tag = Tag();
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync(client, Body(tag), key)));

        Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Single(answers, a => a.Status == HttpStatusCode.Accepted);
        Assert.Equal(4, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(1, await CountAsync(client, tag));
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, answers[0].Id)));
    }

    [Fact]
    public async Task Another_user_or_another_key_starts_its_own_run()
    {
        using var admin = await app.SignedInAsync();
        using (var created = await admin.PostAsJsonAsync("/api/users", new { email = BobEmail, password = BobPassword, roles = new[] { "annotator" } }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var bob = await app.SignedInAsync(BobEmail, BobPassword);
        var tag = Tag();
        var key = Guid.NewGuid().ToString();

        var mine = await PostAsync(admin, Body(tag), key);
        var bobs = await PostAsync(bob, Body(tag), key);
        var other = await PostAsync(admin, Body(tag), key + "-2");
        using (var unkeyed = await admin.PostAsJsonAsync("/api/runs", Body(tag))) Assert.Equal(HttpStatusCode.Accepted, unkeyed.StatusCode);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], new[] { mine.Status, bobs.Status, other.Status });
        Assert.Equal(3, new[] { mine.Id, bobs.Id, other.Id }.Distinct().Count());
        Assert.Equal(4, await CountAsync(admin, tag));
        var bobsRun = await RunApi.GetAsync(admin, bobs.Id);
        Assert.Equal(BobEmail, bobsRun["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_422_and_creates_nothing()
    {
        using var client = await app.SignedInAsync();
        var tag = Tag();
        var key = Guid.NewGuid().ToString();
        var first = await PostAsync(client, Body(tag), key);
        var changed = Body(tag);
        changed["n"] = 3;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = JsonContent.Create(changed) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["Idempotency-Key"], problem["errors"]!.AsObject().Select(e => e.Key));
        var message = problem["errors"]!["Idempotency-Key"]![0]!.GetValue<string>();
        Assert.Contains("another request", message);
        Assert.Contains(first.Id.ToString(), message);
        Assert.Equal(1, await CountAsync(client, tag));
        // The unchanged body with the key still answers the first run.
        Assert.Equal((HttpStatusCode.OK, first.Id), await PostAsync(client, Body(tag), key));
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, first.Id)));
    }

    [Theory]
    [InlineData(201, "at most 200")]
    [InlineData(0, "printable ASCII")]
    public async Task A_bad_key_is_a_400_naming_the_header_and_creates_nothing(int length, string message)
    {
        using var client = await app.SignedInAsync();
        var tag = Tag();
        // 0: a key with a tab in it (HTTP allows it in a header; the key does not).
        var key = length > 0 ? new string('k', length) : "a\tb";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = JsonContent.Create(Body(tag)) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["Idempotency-Key"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains(message, problem["errors"]!["Idempotency-Key"]![0]!.GetValue<string>());
        Assert.Equal(0, await CountAsync(client, tag));
    }

    [Fact]
    public async Task The_OpenAPI_document_names_the_header()
    {
        using var client = app.Anonymous();
        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var parameters = document["paths"]!["/api/runs"]!["post"]!["parameters"]!.AsArray();
        var header = parameters.Single(p => p!["name"]!.GetValue<string>() == "Idempotency-Key")!;
        Assert.Equal("header", header["in"]!.GetValue<string>());
        Assert.Contains("10 minutes", header["description"]!.GetValue<string>());
    }
}
