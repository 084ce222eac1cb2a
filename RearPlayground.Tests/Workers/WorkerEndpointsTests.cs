using System.Net;
using System.Net.Http.Json;
using RearPlayground.Tests.Stress;
using RearPlayground.Tests.Web;
using RearPlayground.Worker.Jobs.Remote;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Workers;

/// <summary>
/// <c>/api/worker/runs</c>, what a worker on another machine stores its runs through: for the worker account (or an
/// admin) only; a batch sent again after a lost answer is stored once; a batch out of place, or for a run that is
/// over, is refused with 409 and stores nothing. No job server: the run stays Queued until the test says otherwise.
/// </summary>
[Collection("Hangfire")]
public class WorkerEndpointsTests
{
    private const string WorkerEmail = "worker@example.org", WorkerPassword = "Worker-pass-1";

    [Fact]
    public async Task Only_workers_store_events_each_batch_once_in_place_and_never_after_the_run_ended()
    {
        await using var app = new WebAppFactory(null, new Dictionary<string, string?>
        {
            ["Rear:Workers"] = "0",
            ["Rear:Worker:Email"] = WorkerEmail,
            ["Rear:Worker:Password"] = WorkerPassword,
        });
        using var admin = await app.SignedInAsync();
        using var worker = await app.SignedInAsync(WorkerEmail, WorkerPassword);
        using var member = await TeamClients.MemberAsync(app, TeamClients.Ann);
        var id = await RunApi.SubmitAsync(admin, RunApi.Tiny());
        var path = $"/{RemoteWire.RunsPath}/{id}";
        var batch = new RemoteBatch(0, [Event(new ProgressReported(1, 2, 3, 4.5))]);

        using (var refused = await member.GetAsync(path)) Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var refused = await member.PostAsJsonAsync(path + "/events", batch)) Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var refused = await app.Anonymous().GetAsync(path)) Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Empty(await RunApi.EventsAsync(admin, id));

        using (var read = await worker.GetAsync(path)) Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        // The same batch twice (its answer was lost): the same sequence, stored once.
        for (var i = 0; i < 2; i++)
        {
            using var appended = await worker.PostAsJsonAsync(path + "/events", batch);
            Assert.Equal(HttpStatusCode.OK, appended.StatusCode);
            Assert.Equal(1, (await appended.Content.ReadFromJsonAsync<RemoteAppended>())!.First);
        }
        Assert.Single(await RunApi.EventsAsync(admin, id));
        // Position 5 when 1 is next: refused, nothing stored.
        using (var gap = await worker.PostAsJsonAsync(path + "/events", batch with { From = 5 })) Assert.Equal(HttpStatusCode.Conflict, gap.StatusCode);

        using (var cancel = await admin.PostAsync($"/api/runs/{id}/cancel", null)) Assert.True(cancel.IsSuccessStatusCode);
        Assert.Equal("cancelled", RunApi.Status(await RunApi.WaitForEndAsync(admin, id)));
        var stored = (await RunApi.EventsAsync(admin, id)).Count;
        using (var late = await worker.PostAsJsonAsync(path + "/events", batch with { From = 1 })) Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(stored, (await RunApi.EventsAsync(admin, id)).Count);
    }

    private static RemoteEvent Event(SearchEvent e) => new(Worker.Events.EventMapper.TypeName(e), EventJson.Serialize(e), DateTimeOffset.UtcNow);
}
