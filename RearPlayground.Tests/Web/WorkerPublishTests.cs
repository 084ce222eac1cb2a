using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Web;

/// <summary>
/// A standalone worker's publishing, in this process against the real web app: the run's job with the worker's
/// SignalR publisher, its hub connection going through a relay that the test cuts mid-call.
/// </summary>
[Collection("Hangfire")]
public class WorkerPublishTests
{
    private const string WorkerEmail = "worker@example.org", WorkerPassword = "Worker-pass-1";

    [Fact]
    public async Task Batches_cross_a_dropped_connection_and_every_event_reaches_the_watcher_once_in_order()
    {
        await using var app = new WebAppFactory(null, new Dictionary<string, string?>
        {
            ["Rear:Workers"] = "0", // the run is executed below, as a worker process would
            ["Rear:Worker:Email"] = WorkerEmail,
            ["Rear:Worker:Password"] = WorkerPassword,
        });
        using var client = await app.SignedInAsync();
        await using var hub = await app.HubAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Long());
        using var collector = await EventCollector.JoinAsync(hub, id);

        await using var relay = new LoopbackProxy(app.BaseAddress.Port);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rear:WebUrl"] = relay.Address.ToString(),
            ["Rear:Worker:Email"] = WorkerEmail,
            ["Rear:Worker:Password"] = WorkerPassword,
        }).Build();
        await using var publisher = new SignalRRunEventPublisher(config, NullLogger<SignalRRunEventPublisher>.Instance);
        var log = new LogCapture();
        var job = new RunJob(app.Services.GetRequiredService<IRunStore>(), app.Services.GetRequiredService<ModelPool>(), publisher,
            app.Services.GetRequiredService<RunCancellation>(), new RunLimits(), new LoggerFactory([log]).CreateLogger<RunJob>());

        var running = job.ExecuteAsync(id, CancellationToken.None);
        await collector.WaitForCountAsync(50);
        var before = relay.Accepted;
        // The next batch reaches the hub but its answer is lost: the worker must send it again, the hub deliver it once.
        relay.DropAfterNextSend();
        await running;
        var received = await collector.WaitForEndAsync();

        Assert.Equal("succeeded", RunApi.Status(await RunApi.GetAsync(client, id)));
        Assert.True(relay.Accepted > before, "the publisher connected again");
        Assert.True(publisher.Retries > 0, "a batch was sent again");
        EventCollector.AssertSameAsStored(received, await RunApi.EventsAsync(client, id));
        // Every batch went through the hub (retried across the reconnect), none was given up to the store's gap filling.
        Assert.DoesNotContain(log.Lines, l => l.Contains("publishing events"));
    }
}
