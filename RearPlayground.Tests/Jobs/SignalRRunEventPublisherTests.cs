using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Jobs;

/// <summary>
/// The standalone worker's publisher against a stand-in web app on loopback: it signs in at /login and
/// brings the access token to the hub's negotiate. (The hub itself is the web app's, tested there.)
/// </summary>
public class SignalRRunEventPublisherTests
{
    private sealed record Request(string Method, string Path, string? Authorization, string Body);

    [Theory]
    [InlineData("")]
    [InlineData("/rear/")]
    public async Task Signs_in_then_brings_the_bearer_token_to_the_hub(string basePath)
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var seen = new ConcurrentQueue<Request>();
        var serving = Task.Run(() => ServeAsync(listener, seen));
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rear:WebUrl"] = $"http://127.0.0.1:{port}{basePath}",
            ["Rear:Worker:Email"] = "worker@example.org",
            ["Rear:Worker:Password"] = "secret",
        }).Build();

        await using (var publisher = new SignalRRunEventPublisher(config, NullLogger<SignalRRunEventPublisher>.Instance) { RetryFor = TimeSpan.Zero })
        {
            // The stand-in refuses the hub: publishing fails (the job logs it and carries on).
            await Assert.ThrowsAnyAsync<Exception>(() => publisher.PublishBatchAsync(Guid.NewGuid(), [new PublishedEvent(1, "runStarted", "{}")]));
        }
        listener.Stop();
        await serving;

        var prefix = basePath.TrimEnd('/');
        var login = Assert.Single(seen, r => r.Path == $"{prefix}/login");
        Assert.Equal("POST", login.Method);
        var body = JsonNode.Parse(login.Body)!;
        Assert.Equal(("worker@example.org", "secret"), (body["email"]!.GetValue<string>(), body["password"]!.GetValue<string>()));
        var negotiate = Assert.Single(seen, r => r.Path == $"{prefix}/hubs/runs/negotiate");
        Assert.Equal("Bearer token-123", negotiate.Authorization);
    }

    [Fact]
    public async Task Without_a_web_url_events_are_only_stored()
    {
        await using var publisher = new SignalRRunEventPublisher(new ConfigurationBuilder().Build(), NullLogger<SignalRRunEventPublisher>.Instance);
        await publisher.PublishBatchAsync(Guid.NewGuid(), [new PublishedEvent(1, "runStarted", "{}")]);
    }

    private static async Task ServeAsync(HttpListener listener, ConcurrentQueue<Request> seen)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var request = context.Request;
            var body = await new StreamReader(request.InputStream).ReadToEndAsync();
            seen.Enqueue(new Request(request.HttpMethod, request.Url!.AbsolutePath, request.Headers["Authorization"], body));
            if (request.Url.AbsolutePath.EndsWith("/login"))
            {
                var json = Encoding.UTF8.GetBytes("""{"tokenType":"Bearer","accessToken":"token-123","expiresIn":3600,"refreshToken":"r"}""");
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(json);
            }
            else
            {
                context.Response.StatusCode = 401;
            }
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
