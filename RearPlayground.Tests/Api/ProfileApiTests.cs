using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Stress;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Api;

/// <summary>Scorer profiles: create (members), list, 409 on a taken name, admin-only delete and team default, and runs that name one.</summary>
[Collection("Hangfire")]
public sealed class ProfileApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private static async Task<JsonArray> ListAsync(HttpClient client) => (await client.GetFromJsonAsync<JsonArray>("/api/profiles"))!;

    [Fact]
    public async Task A_member_saves_a_profile_a_taken_name_is_409_and_only_an_admin_deletes_or_sets_the_one_team_default()
    {
        using var ann = await TeamClients.MemberAsync(app, TeamClients.Ann);
        using (var created = await ann.PostAsJsonAsync("/api/profiles",
                   new { name = "team-a", lambda = 7.5, gamma = 0.95, aggregation = "Sum", scoreEos = false, source = new { campaignId = 3, agreement = 0.8 } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("sum", body["aggregation"]!.GetValue<string>());
            Assert.Equal(0.8, body["source"]!["agreement"]!.GetValue<double>());
            Assert.Equal(TeamClients.Ann, body["createdBy"]!.GetValue<string>());
        }
        using (var taken = await ann.PostAsJsonAsync("/api/profiles", new { name = "TEAM-A", lambda = 1, aggregation = "mean" }))
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        using (var bad = await ann.PostAsJsonAsync("/api/profiles", new { name = "x y", lambda = 1, aggregation = "mean" }))
            Assert.Equal(["name"], await RunApi.ErrorKeysAsync(bad));
        using (var bad = await ann.PostAsJsonAsync("/api/profiles", new { name = "g", lambda = 1, gamma = 2, aggregation = "mean" }))
            Assert.Equal(["gamma"], await RunApi.ErrorKeysAsync(bad));
        using (var bad = await ann.PostAsJsonAsync("/api/profiles", new { name = "g", lambda = 1, aggregation = "median" }))
            Assert.Equal(["aggregation"], await RunApi.ErrorKeysAsync(bad));
        using (var bad = await ann.PostAsJsonAsync("/api/profiles", new { name = "g", aggregation = "mean" }))
            Assert.Equal(["lambda"], await RunApi.ErrorKeysAsync(bad));

        using (var refused = await ann.PostAsync("/api/profiles/team-a/default", null)) Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var refused = await ann.DeleteAsync("/api/profiles/team-a")) Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var admin = await app.SignedInAsync();
        using (var other = await admin.PostAsJsonAsync("/api/profiles", new { name = "team-b", lambda = 3, aggregation = "mean" }))
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        using (var set = await admin.PostAsync("/api/profiles/team-a/default", null)) Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        using (var set = await admin.PostAsync("/api/profiles/Team-B/default", null)) Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        var defaults = (await ListAsync(ann)).Where(p => p!["teamDefault"]!.GetValue<bool>()).Select(p => p!["name"]!.GetValue<string>());
        Assert.Equal(["team-b"], defaults);
        using (var missing = await admin.PostAsync("/api/profiles/nobody/default", null)) Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using (var deleted = await admin.DeleteAsync("/api/profiles/team-a")) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain(await ListAsync(ann), p => p!["name"]!.GetValue<string>() == "team-a");
        using (var gone = await ann.GetAsync("/api/profiles/team-a")) Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_run_naming_a_profile_stores_its_values_and_the_name_an_unknown_or_conflicting_one_is_400()
    {
        using var admin = await app.SignedInAsync();
        using (var created = await admin.PostAsJsonAsync("/api/profiles", new { name = "run-prof", lambda = 4.25, gamma = 0.9, aggregation = "min", scoreEos = false }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var body = RunApi.Tiny();
        body["profile"] = "RUN-PROF";
        var id = await RunApi.SubmitAsync(admin, body);
        var run = await RunApi.WaitForEndAsync(admin, id);
        Assert.Equal("succeeded", RunApi.Status(run));
        var request = run["request"]!.AsObject();
        Assert.Equal("run-prof", request["profile"]!.GetValue<string>());
        Assert.Equal(4.25, request["lambda"]!.GetValue<double>());
        Assert.Equal(0.9, request["gamma"]!.GetValue<double>());
        Assert.Equal("min", request["agg"]!.GetValue<string>());
        Assert.False(request["scoreEos"]!.GetValue<bool>());

        var unknown = RunApi.Tiny();
        unknown["profile"] = "nope";
        using (var response = await admin.PostAsJsonAsync("/api/runs", unknown))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["profile"], await RunApi.ErrorKeysAsync(response));
        }
        var conflict = RunApi.Tiny();
        conflict["profile"] = "run-prof";
        conflict["lambda"] = 9;
        using (var response = await admin.PostAsJsonAsync("/api/runs", conflict))
            Assert.Equal(["lambda"], await RunApi.ErrorKeysAsync(response));
        // Repeating the profile's own value is no conflict.
        var same = RunApi.Tiny();
        same["profile"] = "run-prof";
        same["lambda"] = 4.25;
        using (var response = await admin.PostAsJsonAsync("/api/runs", same)) Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
