using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Input that looks odd but is fine must be accepted and come back intact: emoji, right-to-left text, control
/// characters, the extremes of λ, γ and temperature. Every such run succeeds, and no score it stores or any re-score
/// answers is NaN or +∞ (−∞ only for an empty response, written "-Infinity").
/// </summary>
[Collection("Hangfire")]
public sealed class BadInputAcceptedTests(StressApp app) : IClassFixture<StressApp>
{
    private static readonly IReadOnlyDictionary<string, JsonObject> Cases = new Dictionary<string, JsonObject>
    {
        ["emoji"] = new() { ["question"] = "Once upon a time 🐱🚀 👩‍👩‍👧 ✨", ["preference"] = "Tom 🐟 loved fish 🎣." },
        ["right-to-left"] = new() { ["question"] = "ذات مرة كان هناك قط. פעם אחת \u202Egnirts\u202C Once", ["preference"] = "القط يحب السمك" },
        ["control characters"] = new() { ["question"] = "Once\tupon\u0007 a\u001b[31m time\r\n\u007f", ["preference"] = "\u0001Tom\u0002" },
        ["a NUL character"] = new() { ["question"] = "Once upon\u0000 a time" },
        ["combining marks"] = new() { ["question"] = "Once upon a time in a cafe\u0301, not a café", ["preference"] = "Z\u0351\u0302a\u0360lgo" },
        ["surrounding whitespace"] = new() { ["question"] = "  Once upon a time  ", ["preference"] = "\n Tom \n" },
        ["a surrogate pair escaped"] = new() { ["question"] = "Once \ud83d\ude00 upon a time" },
        ["lambda at +1e6"] = new() { ["lambda"] = 1e6 },
        ["lambda at -1e6"] = new() { ["lambda"] = -1e6 },
        ["gamma tiny with sum"] = new() { ["gamma"] = 1e-300, ["agg"] = "sum" },
        ["temperature at its floor"] = new() { ["temperature"] = 1e-4 },
        ["temperature at its ceiling"] = new() { ["temperature"] = 100 },
    };

    public static TheoryData<string> Names() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Odd_but_valid_input_runs_and_comes_back_intact_with_finite_scores(string name)
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Tiny();
        foreach (var (key, value) in Cases[name]) body[key] = value?.DeepClone();

        var id = await RunApi.SubmitAsync(client, body);
        var run = await RunApi.WaitForEndAsync(client, id);

        Assert.True(RunApi.Status(run) == "succeeded", $"{name}: {run["error"]}");
        Assert.Equal(body["question"]!.GetValue<string>(), run["question"]!.GetValue<string>());
        Assert.Equal(body["preference"]?.GetValue<string>(), run["preference"]?.GetValue<string>());
        foreach (var c in run["candidates"]!.AsArray()) AssertScore(c!["score"], c["tokenIds"]!.AsArray().Count);
        Assert.DoesNotContain("NaN", (await client.GetStringAsync($"/api/runs/{id}/events")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1e6, 1, "mean")]
    [InlineData(-1e6, 1, "sum")]
    [InlineData(1e6, 1e-300, "sum")]
    [InlineData(0, 1e-300, "min")]
    [InlineData(1, 0.5, "last")]
    public async Task Rescoring_at_the_bounds_answers_finite_scores(double lambda, double gamma, string agg)
    {
        var id = await app.EndedRunAsync();
        using var client = await app.SignedInAsync();
        var query = FormattableString.Invariant($"/api/runs/{id}/rescore?lambda={lambda:R}&gamma={gamma:R}&agg={agg}");

        using var response = await client.GetAsync(query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(body["best"]);
        foreach (var c in body["candidates"]!.AsArray()) AssertScore(c!["score"], tokens: 1);
    }

    [Theory]
    [InlineData("/api/runs?page=0&pageSize=100000", 1, 200)]
    [InlineData("/api/runs?page=-5&pageSize=-1", 1, 1)]
    [InlineData("/api/annotate/queue?page=0&pageSize=100000", 1, 200)]
    [InlineData("/api/annotate/queue?page=3&pageSize=0", 3, 1)]
    public async Task A_list_answers_the_page_and_size_it_applied(string path, int page, int pageSize)
    {
        using var client = await app.SignedInAsync();
        var body = (await client.GetFromJsonAsync<JsonObject>(path))!;
        Assert.Equal((page, pageSize), (body["page"]!.GetValue<int>(), body["pageSize"]!.GetValue<int>()));
    }

    // A number, or "-Infinity" for a response with no scored token; never NaN or +∞.
    private static void AssertScore(JsonNode? score, int tokens)
    {
        Assert.NotNull(score);
        if (score.GetValueKind() == JsonValueKind.String)
        {
            Assert.Equal("-Infinity", score.GetValue<string>());
            Assert.Equal(0, tokens);
            return;
        }
        Assert.True(double.IsFinite(score.GetValue<double>()));
    }
}
