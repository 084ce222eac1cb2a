using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Runs;
using RearPlayground.Web.History;
using RearPlayground.Tests.Web;
using RearPlayground.Web.Components.Pages.History;

namespace RearPlayground.Tests.Stress;

/// <summary>Only a run's owner or an admin cancels or deletes it; only an annotation's author changes or deletes it.</summary>
[Collection("Hangfire")]
public sealed class OwnershipTests(StressApp app) : IClassFixture<StressApp>
{
    [Fact]
    public async Task Only_the_owner_or_an_admin_cancels_a_run()
    {
        using var ann = await TeamClients.MemberAsync(app, TeamClients.Ann);
        using var bob = await TeamClients.MemberAsync(app, TeamClients.Bob);
        using var admin = await app.SignedInAsync();
        var first = await RunApi.SubmitAsync(ann, RunApi.Long());
        var second = await RunApi.SubmitAsync(ann, RunApi.Long());

        using (var refused = await bob.PostAsync($"/api/runs/{first}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        var status = RunApi.Status(await RunApi.GetAsync(ann, first));
        Assert.DoesNotContain(status, RunApi.TerminalStatuses);
        using (var byAdmin = await admin.PostAsync($"/api/runs/{first}/cancel", null)) Assert.Equal(HttpStatusCode.Accepted, byAdmin.StatusCode);
        using (var byOwner = await ann.PostAsync($"/api/runs/{second}/cancel", null)) Assert.Equal(HttpStatusCode.Accepted, byOwner.StatusCode);

        Assert.Equal("cancelled", RunApi.Status(await RunApi.WaitForEndAsync(ann, first)));
        Assert.Equal("cancelled", RunApi.Status(await RunApi.WaitForEndAsync(ann, second)));
    }

    [Fact]
    public async Task Only_the_owner_or_an_admin_deletes_a_run()
    {
        using var ann = await TeamClients.MemberAsync(app, TeamClients.Ann);
        var annRun = await RunApi.SubmitAsync(ann, RunApi.Tiny());
        var otherRun = await RunApi.SubmitAsync(ann, RunApi.Tiny());
        await RunApi.WaitForEndAsync(ann, annRun);
        await RunApi.WaitForEndAsync(ann, otherRun);
        var history = app.Services.GetRequiredService<HistoryActions>();

        Assert.Equal(RunDeletion.NotOwner, await history.DeleteAsync(annRun, Member(TeamClients.Bob)));
        Assert.Equal(RunDeletion.NotOwner, await history.DeleteAsync(annRun, new ClaimsPrincipal(new ClaimsIdentity())));
        Assert.Equal(RunDeletion.Deleted, await history.DeleteAsync(annRun, Member(TeamClients.Ann)));
        Assert.Equal(RunDeletion.Deleted, await history.DeleteAsync(otherRun, Member(WebAppFactory.AdminEmail, "admin")));
        using var gone = await ann.GetAsync($"/api/runs/{annRun}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Only_its_author_changes_or_deletes_an_annotation()
    {
        var run = await app.EndedRunAsync();
        using var ann = await TeamClients.MemberAsync(app, TeamClients.Ann);
        using var bob = await TeamClients.MemberAsync(app, TeamClients.Bob);
        using var admin = await app.SignedInAsync();
        using var created = await ann.PostAsJsonAsync($"/api/runs/{run}/annotations", new { kind = "comment", comment = "Ann's note" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var path = $"/api/runs/{run}/annotations/{(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>()}";
        var change = new { kind = "comment", comment = "not yours" };

        foreach (var other in new[] { bob, admin })
        {
            using (var put = await other.PutAsJsonAsync(path, change)) Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
            using (var delete = await other.DeleteAsync(path)) Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        }
        var stored = (await ann.GetFromJsonAsync<JsonArray>($"/api/runs/{run}/annotations"))!;
        Assert.Contains(stored, a => a!["comment"]?.GetValue<string>() == "Ann's note");
        using (var put = await ann.PutAsJsonAsync(path, new { kind = "comment", comment = "Ann's better note" })) Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using (var delete = await ann.DeleteAsync(path)) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    private static ClaimsPrincipal Member(string email, string role = "annotator") => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Email, email), new Claim(ClaimTypes.Role, role)], "test"));
}
