using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// A standalone worker's publisher: invokes <c>Publish(runId, sequence, type, payloadJson)</c> on the web
/// app's hub at <c>{Rear:WebUrl}/hubs/runs</c>, signed in as the worker account (<c>Rear:Worker:Email</c> /
/// <c>Rear:Worker:Password</c>) through <c>POST {Rear:WebUrl}/login</c>. Connects on first use and
/// reconnects automatically; while the web app is away, publishing fails and the job carries on (the
/// events are in the database, where watchers catch up from).
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

    public SignalRRunEventPublisher(IConfiguration configuration, ILogger<SignalRRunEventPublisher> logger)
    {
        var url = configuration["Rear:WebUrl"];
        // A trailing slash makes relative paths land under a base path (http://host/rear/ + hubs/runs).
        _webUrl = string.IsNullOrWhiteSpace(url) ? null : new Uri(url.TrimEnd('/') + "/");
        _email = configuration["Rear:Worker:Email"];
        _password = configuration["Rear:Worker:Password"];
        _logger = logger;
    }

    public async Task PublishAsync(Guid runId, long sequence, string type, string payloadJson, CancellationToken ct = default)
    {
        if (_webUrl is null)
        {
            if (!_warnedNoUrl) _logger.LogWarning("Rear:WebUrl is not set: run events are stored but not published");
            _warnedNoUrl = true;
            return;
        }
        var connection = await ConnectedAsync(ct);
        await connection.InvokeAsync("Publish", runId, sequence, type, payloadJson, ct);
    }

    private async Task<HubConnection> ConnectedAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            _connection ??= new HubConnectionBuilder()
                .WithUrl(new Uri(_webUrl!, HubPath), o => o.AccessTokenProvider = () => TokenAsync(CancellationToken.None))
                .WithAutomaticReconnect()
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
