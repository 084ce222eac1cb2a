using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Web.Hosting;

/// <summary>
/// While the app stops, a client that reconnects at once (a standalone worker's automatic reconnect) must not open a
/// new connection that Kestrel then waits for until the 30 s shutdown timeout (seen once in CI: "the web app took
/// 30.0 s to stop"). A hosted service that stops slowly holds the window open, so the race is certain here.
/// </summary>
// Hangfire keeps its storage in a static (JobStorage.Current): apps start one at a time in this collection.
[Collection("Hangfire")]
public class StoppingGateTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_client_reconnecting_while_the_app_stops_is_refused_and_the_app_stops_within_seconds()
    {
        await using var app = new SlowStoppingApp();
        var token = await app.TokenAsync();
        var reconnected = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "hubs/runs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500)])
            .Build();
        hub.Reconnected += _ => { reconnected.TrySetResult(true); return Task.CompletedTask; };
        await hub.StartAsync();
        using var plain = new HttpClient { BaseAddress = app.BaseAddress };

        var stopping = Stopwatch.StartNew();
        var stop = app.StopAsync();
        await app.Stopping.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Inside the window: Kestrel still listens, but nothing new is served.
        using var answer = await plain.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal("5", answer.Headers.GetValues("Retry-After").Single());
        var fresh = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "hubs/runs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => fresh.StartAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        await fresh.DisposeAsync();

        app.Release.TrySetResult();
        await stop.WaitAsync(TimeSpan.FromSeconds(60));
        stopping.Stop();
        output.WriteLine($"stopped in {stopping.Elapsed.TotalSeconds:F2} s (the slow service held it {SlowStop.Hold.TotalSeconds:F1} s); reconnected: {reconnected.Task.IsCompleted}");
        Assert.False(reconnected.Task.IsCompleted, "the hub client reconnected to an app that was stopping");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"the app took {stopping.Elapsed.TotalSeconds:F1} s to stop");
    }

    private sealed class SlowStoppingApp : WebAppFactory
    {
        public TaskCompletionSource Stopping { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task StopAsync() => Task.Run(() => Services.GetRequiredService<IHost>().StopAsync());

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Added after the web server's own service, so it stops first: Kestrel listens all the while.
            builder.ConfigureTestServices(s => s.AddHostedService(_ => new SlowStop(Stopping, Release)));
        }
    }

    private sealed class SlowStop(TaskCompletionSource stopping, TaskCompletionSource release) : IHostedService
    {
        public static readonly TimeSpan Hold = TimeSpan.FromSeconds(2);

        public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken ct)
        {
            stopping.TrySetResult();
            // Long enough for the hub client's immediate reconnect attempts; then until the test has looked.
            await Task.Delay(Hold, CancellationToken.None);
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }
    }
}
