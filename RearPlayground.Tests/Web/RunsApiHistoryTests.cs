using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Web;

/// <summary>GET /api/runs with the history's filters (annotated, from, to, sort, desc), answering the paging it applied.</summary>
[Collection("Hangfire")]
public sealed class RunsApiHistoryTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private static readonly DateTimeOffset T0 = new(2020, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Three ended runs written straight into the store (no model run needed), tagged so only they match.</summary>
    private async Task<(string Tag, Guid Zed, Guid Amy, Guid Bea)> SeedAsync()
    {
        var store = app.Services.GetRequiredService<IRunStore>();
        var tag = "api" + Guid.NewGuid().ToString("N")[..8];
        async Task<Guid> Run(string owner, DateTimeOffset at)
        {
            var run = new RunEntity
            {
                Id = Guid.NewGuid(), Owner = owner, Model = "stories260K", Method = "bon", Question = $"{tag} question",
                RequestJson = "{}", Status = RunStatus.Succeeded, CreatedAt = at,
            };
            await store.CreateAsync(run);
            return run.Id;
        }
        var zed = await Run("zed", T0);
        var amy = await Run("amy", T0.AddDays(1));
        var bea = await Run("bea", T0.AddDays(2));
        await store.AddAnnotationAsync(new AnnotationEntity { RunId = amy, Annotator = "zed", Kind = "comment", Value = "" });
        return (tag, zed, amy, bea);
    }

    private static async Task<(Guid[] Ids, JsonObject Body)> ListAsync(HttpClient client, string query)
    {
        var body = (await client.GetFromJsonAsync<JsonObject>("/api/runs?" + query))!;
        return ([.. body["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>())], body);
    }

    [Fact]
    public async Task Annotated_dates_and_sorting_filter_the_list()
    {
        var (tag, zed, amy, bea) = await SeedAsync();
        using var client = await app.SignedInAsync();

        Assert.Equal([bea, amy, zed], (await ListAsync(client, $"text={tag}")).Ids);
        Assert.Equal([amy], (await ListAsync(client, $"text={tag}&annotated=true")).Ids);
        Assert.Equal([bea, zed], (await ListAsync(client, $"text={tag}&annotated=false")).Ids);
        // from inclusive, to exclusive; a bare date is a UTC midnight.
        Assert.Equal([amy], (await ListAsync(client, $"text={tag}&from=2020-03-02&to=2020-03-03")).Ids);
        Assert.Equal([amy, zed], (await ListAsync(client, $"text={tag}&to=2020-03-02T00:00:01Z")).Ids);
        Assert.Equal([bea], (await ListAsync(client, $"text={tag}&from=2020-03-02T12:00:00%2B10:00")).Ids); // 02:00 UTC on the 2nd
        Assert.Equal([amy, bea, zed], (await ListAsync(client, $"text={tag}&sort=owner")).Ids); // names A→Z by default
        Assert.Equal([zed, bea, amy], (await ListAsync(client, $"text={tag}&sort=OWNER&desc=true")).Ids);
        Assert.Equal([zed, amy, bea], (await ListAsync(client, $"text={tag}&sort=created&desc=false")).Ids);
    }

    [Theory]
    [InlineData("page=0&pageSize=0", 1, 1)]
    [InlineData("page=2&pageSize=100000", 2, RunStore.MaxPageSize)]
    [InlineData("", 1, 20)]
    public async Task The_answer_names_the_page_and_size_applied(string query, int page, int pageSize)
    {
        using var client = await app.SignedInAsync();
        var (_, body) = await ListAsync(client, query);
        Assert.Equal((page, pageSize), (body["page"]!.GetValue<int>(), body["pageSize"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("sort=fastest", "sort")]
    [InlineData("sort=1", "sort")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2020-02-30", "to")]
    [InlineData("status=99", "status")]
    public async Task Bad_filters_are_named(string query, string field)
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync("/api/runs?" + query);
        Assert.Equal([field], await RunApi.ErrorKeysAsync(response));
    }
}
