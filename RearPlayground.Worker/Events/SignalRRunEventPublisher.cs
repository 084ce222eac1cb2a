using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RearPlayground.Worker.Events;

/// <summary>
/// A standalone worker's publisher: invokes <c>PublishBatch(runId, events)</c> on the web app's hub at
/// <c>{Rear:WebUrl}/hubs/runs</c>, once per committed batch, signed in as the worker account (<c>Rear:Worker:Email</c> /
/// <c>Rear:Worker:Password</c>) through <c>POST {Rear:WebUrl}/login</c>. Connects on first use and reconnects
/// automatically, sending the batch again across a reconnect; while the web app is away, publishing fails and the job
/// carries on (the events are in the database, where the web app fills a watcher's gaps from).
/// </summary>
public sealed class SignalRRunEventPublisher : IRunEventPublisher, IAsyncDisposable, IDisposable
{
    public const string HubPath = "hubs/runs";

    private readonly Uri? _webUrl;
    private readonly string? _email, _password;
    private readonly ILogger<SignalRRunEventPublisher> _logger;
    private readonly HttpClient _http = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HubConnection? _connection;
    private string? _token;
    private DateTimeOffset _tokenExpires;
    private bool _warnedNoUrl;
    private volatile bool _failing;

    public SignalRRunEventPublisher(IConfiguration configuration, ILogger<SignalRRunEventPublisher> logger)
    {
        var url = configuration["Rear:WebUrl"];
        // A trailing slash makes relative paths land under a base path (http://host/rear/ + hubs/runs).
        _webUrl = string.IsNullOrWhiteSpace(url) ? null : new Uri(url.TrimEnd('/') + "/");
        _email = configuration["Rear:Worker:Email"];
        _password = configuration["Rear:Worker:Password"];
        _logger = logger;
    }

    /// <summary>The largest hub message this sends (a batch is split below it); the hub accepts up to this size.</summary>
    public const long MaxMessageBytes = 1 << 20;

    /// <summary>Between two tries of a batch while the connection is down.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a batch is tried again at most (the caller's token may end it sooner).</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Tries of a batch that failed and were made again (a dropped connection shows here).</summary>
    public int Retries { get; private set; }

    public async Task PublishBatchAsync(Guid runId, IReadOnlyList<PublishedEvent> events, CancellationToken ct = default)
    {
        if (_webUrl is null)
        {
            if (!_warnedNoUrl) _logger.LogWarning("Rear:WebUrl is not set: run events are stored but not published");
            _warnedNoUrl = true;
            return;
        }
        foreach (var part in Parts(events)) await SendAsync(runId, part, ct);
    }

    // Tried again across a reconnect for RetryFor (or until ct fires): the hub ignores sequences it has delivered, so
    // a batch that got through before the connection dropped is not delivered twice. Once a batch has been given up,
    // later ones get one try each until one goes through: a web app that is away must not hold the search up.
    private async Task SendAsync(Guid runId, PublishedEvent[] part, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + (_failing ? TimeSpan.Zero : RetryFor);
        try
        {
            while (true)
            {
                try
                {
                    var connection = await ConnectedAsync(ct);
                    await connection.InvokeAsync("PublishBatch", runId, part, ct);
                    _failing = false;
                    return;
                }
                catch (Exception e) when (!ct.IsCancellationRequested && DateTimeOffset.UtcNow < deadline)
                {
                    Retries++;
                    _logger.LogDebug(e, "publishing a batch of run {RunId} failed: trying again", runId);
                    await Task.Delay(RetryDelay, ct);
                }
            }
        }
        catch (Exception)
        {
            _failing = true;
            throw;
        }
    }

    // Batches travel whole unless they would exceed the hub's message size (rare: a batch is ~25 ms of events).
    private static IEnumerable<PublishedEvent[]> Parts(IReadOnlyList<PublishedEvent> events)
    {
        const long budget = MaxMessageBytes / 4; // UTF-8 and JSON escaping of payloads that are JSON themselves
        var part = new List<PublishedEvent>();
        long size = 0;
        foreach (var e in events)
        {
            var bytes = 64L + e.Type.Length + e.PayloadJson.Length;
            if (part.Count > 0 && size + bytes > budget)
            {
                yield return [.. part];
                (part, size) = ([], 0);
            }
            part.Add(e);
            size += bytes;
        }
        if (part.Count > 0) yield return [.. part];
    }

    private async Task<HubConnection> ConnectedAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            _connection ??= new HubConnectionBuilder()
                .WithUrl(new Uri(_webUrl!, HubPath), o => o.AccessTokenProvider = () => TokenAsync(CancellationToken.None))
                .WithAutomaticReconnect()
                // Raw strings, no JSON escaping of the payloads: a batch costs less to write and to read.
                .AddMessagePackProtocol()
                .Build();
            // Automatic reconnect only covers a connection that was up once; a failed start is retried on the next event.
            if (_connection.State == HubConnectionState.Disconnected) await _connection.StartAsync(ct);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Asked on every (re)connect; signs in again when the token is (nearly) expired.
    private async Task<string?> TokenAsync(CancellationToken ct)
    {
        if (_email is null || _password is null) return null;
        if (_token is not null && DateTimeOffset.UtcNow < _tokenExpires) return _token;
        using var response = await _http.PostAsJsonAsync(new Uri(_webUrl!, "login"), new { email = _email, password = _password }, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"the worker could not sign in to {_webUrl} as {_email}: {(int)response.StatusCode} {response.ReasonPhrase}");
        var login = await response.Content.ReadFromJsonAsync<LoginResponse>(ct)
                    ?? throw new HttpRequestException("the sign-in response was empty");
        _token = login.AccessToken;
        _tokenExpires = DateTimeOffset.UtcNow.AddSeconds(Math.Max(0, login.ExpiresIn - 60));
        return _token;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _http.Dispose();
        _gate.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed record LoginResponse(string AccessToken, long ExpiresIn);
}
