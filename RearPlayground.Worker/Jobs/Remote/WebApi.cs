using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace RearPlayground.Worker.Jobs.Remote;

/// <summary>
/// The web app's HTTP API as the worker account (<c>Rear:Worker:Email</c> / <c>Rear:Worker:Password</c>, signed in
/// through <c>POST {Rear:WebUrl}/login</c>). A request that finds the web app away, or answers 5xx, is sent again for
/// <see cref="RetryFor"/>: the worker's calls are idempotent (reads, and batches named by their position).
/// </summary>
public sealed class WebApi : IDisposable
{
    private readonly Uri _webUrl;
    private readonly string? _email, _password;
    private readonly ILogger<WebApi> _logger;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly SemaphoreSlim _signIn = new(1, 1);
    private string? _token;
    private DateTimeOffset _tokenExpires;

    public WebApi(IConfiguration configuration, ILogger<WebApi> logger)
    {
        var url = configuration["Rear:WebUrl"];
        if (string.IsNullOrWhiteSpace(url)) throw new InvalidOperationException("Rear:WebUrl (--web) is needed: the worker stores its runs through the web app");
        _webUrl = new Uri(url.TrimEnd('/') + "/");
        _email = configuration["Rear:Worker:Email"];
        _password = configuration["Rear:Worker:Password"];
        _logger = logger;
    }

    public TimeSpan RetryFor { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Sends the request (made anew for each try); the answer, which may be a 4xx.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<Uri, HttpRequestMessage> request, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + RetryFor;
        while (true)
        {
            try
            {
                using var message = request(_webUrl);
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(ct));
                var response = await _http.SendAsync(message, ct);
                if (response.StatusCode == HttpStatusCode.Unauthorized) _token = null; // expired: sign in again
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.Unauthorized) return response;
                if (DateTimeOffset.UtcNow >= deadline) return response;
                response.Dispose();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested && DateTimeOffset.UtcNow < deadline)
            {
                _logger.LogDebug(e, "the web app at {WebUrl} did not answer: trying again", _webUrl);
            }
            await Task.Delay(RetryDelay, ct);
        }
    }

    private async Task<string?> TokenAsync(CancellationToken ct)
    {
        if (_email is null || _password is null) return null;
        await _signIn.WaitAsync(ct);
        try
        {
            if (_token is not null && DateTimeOffset.UtcNow < _tokenExpires) return _token;
            using var response = await _http.PostAsJsonAsync(new Uri(_webUrl, "login"), new { email = _email, password = _password }, ct);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"the worker could not sign in to {_webUrl} as {_email}: {(int)response.StatusCode} {response.ReasonPhrase}");
            var login = await response.Content.ReadFromJsonAsync<LoginResponse>(ct) ?? throw new HttpRequestException("the sign-in response was empty");
            _token = login.AccessToken;
            _tokenExpires = DateTimeOffset.UtcNow.AddSeconds(Math.Max(0, login.ExpiresIn - 60));
            return _token;
        }
        finally
        {
            _signIn.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _signIn.Dispose();
    }

    private sealed record LoginResponse(string AccessToken, long ExpiresIn);
}
