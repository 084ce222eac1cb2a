using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using RearPlayground.Web.Live;

namespace RearPlayground.Tests.Web;

/// <summary>
/// The hub over a real socket: Join(runId, afterSequence) (or JoinBatches) replays the stored events, then streams the
/// live ones, with no gap and no duplicate, whenever the client joins, in JSON or MessagePack.
/// </summary>
[Collection("Hangfire")]
public class LiveEventsTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Theory]
    [InlineData("bon", false, false)]
    [InlineData("dvts", false, false)]
    [InlineData("bon", true, false)]
    [InlineData("dvts", true, false)]
    [InlineData("bon", false, true)]
    [InlineData("bon", true, true)]
    [InlineData("dvts", true, true)]
    public async Task A_client_joined_at_submit_gets_every_event_in_order(string method, bool batches, bool messagePack)
    {
        using var client = await app.SignedInAsync();
        await using var hub = await app.HubAsync(messagePack: messagePack);

        var id = await RunApi.SubmitAsync(client, method == "bon" ? RunApi.Bon() : RunApi.Dvts());
        using var collector = await EventCollector.JoinAsync(hub, id, batches: batches);
        var received = await collector.WaitForEndAsync();

        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id)));
        var stored = await RunApi.EventsAsync(client, id);
        EventCollector.AssertSameAsStored(received, stored);
        Assert.Equal("runStarted", received[0].Type);
        Assert.Equal("runFinished", received[^1].Type);
        // Batches: each committed batch is one message (Best-of-N's candidates and its end come as one burst).
        if (batches) Assert.True(collector.Messages < received.Count, $"{collector.Messages} messages for {received.Count} events");
        else Assert.Equal(received.Count, collector.Messages);
    }

    [Fact]
    public async Task A_client_joining_mid_run_gets_the_backlog_then_the_live_events()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Long());
        var before = await RunApi.WaitForEventsAsync(client, id, e => e.Count >= 5);

        await using var hub = await app.HubAsync();
        using var all = await EventCollector.JoinAsync(hub, id);
        await using var hub2 = await app.HubAsync(messagePack: true);
        using var tail = await EventCollector.JoinAsync(hub2, id, afterSequence: 3, batches: true);
        // Live events after the join, then cancel: a long run need not run to its end for this.
        await all.WaitForCountAsync(before.Count + 20);
        using (var cancel = await client.PostAsync($"/api/runs/{id}/cancel", null))
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var received = await all.WaitForEndAsync();
        var receivedTail = await tail.WaitForEndAsync();

        Assert.Equal("cancelled", RunApi.Status(await RunApi.WaitForEndAsync(client, id)));
        var stored = await RunApi.EventsAsync(client, id);
        Assert.True(stored.Count >= before.Count + 20);
        EventCollector.AssertSameAsStored(received, stored);
        EventCollector.AssertSameAsStored(receivedTail, stored, afterSequence: 3);
        Assert.Equal("runCancelled", received[^1].Type);
    }

    [Fact]
    public async Task A_client_joining_after_the_end_gets_the_stored_events()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Tiny());
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id)));
        var stored = await RunApi.EventsAsync(client, id);

        // One connection per join: a connection's "event" messages carry no subscription, only the run.
        await using var hub = await app.HubAsync();
        using var all = await EventCollector.JoinAsync(hub, id);
        await using var hub2 = await app.HubAsync();
        using var tail = await EventCollector.JoinAsync(hub2, id, afterSequence: 2);

        EventCollector.AssertSameAsStored(await all.WaitForEndAsync(), stored);
        EventCollector.AssertSameAsStored(await tail.WaitForEndAsync(), stored, afterSequence: 2);
        // The backlog was sent inside Join: nothing more arrives for an ended run.
        await Task.Delay(200);
        Assert.Equal(stored.Count, all.Events.Count);
    }

    [Fact]
    public async Task A_connection_gets_only_the_runs_it_joined()
    {
        using var client = await app.SignedInAsync();
        await using var hub = await app.HubAsync();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<Guid>();
        using var raw = hub.On<RunEventMessage>("event", m => seen.Enqueue(m.RunId));
        var id = await RunApi.SubmitAsync(client, RunApi.Tiny());
        using var collector = await EventCollector.JoinAsync(hub, id);
        var other = await RunApi.SubmitAsync(client, RunApi.Tiny());

        await collector.WaitForEndAsync();
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, other)));
        await Task.Delay(200);

        Assert.Equal(collector.Events.Count, seen.Count);
        Assert.All(seen, runId => Assert.Equal(id, runId));
    }
}
