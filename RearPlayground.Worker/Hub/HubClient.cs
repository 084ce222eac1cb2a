using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Hub;

/// <summary>
/// The hub's public HTTP API, as huggingface_hub speaks it: GET /api/models/{repo}/revision/{rev} (the commit),
/// GET /api/models/{repo}/tree/{commit}?recursive=true (paths, sizes, git and LFS ids; pages through Link rel="next"),
/// HEAD {repo}/resolve/{commit}/{path} (for datasets /api/datasets/… and datasets/{repo}/resolve/…) (X-Repo-Commit, X-Linked-Etag or ETag, X-Linked-Size; relative redirects are
/// followed, an absolute one is the download location), and GET on the location with Range. The token goes to the
/// hub's own host only, never to the CDN a redirect points at.
/// </summary>
public sealed class HubClient(HubSettings settings, HttpMessageHandler? handler = null) : IDisposable
{
    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly Uri _endpoint = new(settings.Endpoint.TrimEnd('/') + "/");

    public HubSettings Settings { get; } = settings;

    /// <summary>Models (the default) or datasets: <c>/api/datasets/{repo}</c> and <c>/datasets/{repo}/resolve/…</c>.</summary>
    public HubRepoType RepoType { get; init; } = HubRepoType.Model;

    /// <summary>The commit <paramref name="revision"/> (branch, tag or commit) names.</summary>
    public async Task<string> CommitAsync(string repoId, string revision, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, Api(repoId, $"revision/{Uri.EscapeDataString(revision)}"), null, ct);
        await EnsureOk(response, repoId, revision, null, ct);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return doc.RootElement.TryGetProperty("sha", out var sha) && sha.GetString() is { Length: > 0 } commit
            ? commit
            : throw new HubException($"the hub did not say which commit {repoId}@{revision} is");
    }

    /// <summary>Every file of the repository at <paramref name="commit"/>, through all pages.</summary>
    public async Task<IReadOnlyList<HubFile>> TreeAsync(string repoId, string commit, CancellationToken ct)
    {
        var files = new List<HubFile>();
        Uri? next = Api(repoId, $"tree/{Uri.EscapeDataString(commit)}?recursive=true");
        while (next is not null)
        {
            using var response = await SendAsync(HttpMethod.Get, next, null, ct);
            await EnsureOk(response, repoId, commit, null, ct);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                if (item.GetProperty("type").GetString() != "file") continue;
                string? lfs = item.TryGetProperty("lfs", out var l) && l.ValueKind == JsonValueKind.Object ? l.GetProperty("oid").GetString() : null;
                files.Add(new HubFile(item.GetProperty("path").GetString()!, item.GetProperty("size").GetInt64(), item.GetProperty("oid").GetString()!, lfs));
            }
            next = NextPage(response);
        }
        return files;
    }

    /// <summary>The file's blob id, commit and download location, following the hub's relative redirects only.</summary>
    public async Task<HubFileMetadata> MetadataAsync(string repoId, string commit, string path, CancellationToken ct)
    {
        var url = Resolve(repoId, commit, path);
        for (var hops = 0; hops < 5; hops++)
        {
            using var response = await SendAsync(HttpMethod.Head, url, null, ct);
            var status = (int)response.StatusCode;
            var location = response.Headers.Location;
            if (status is >= 300 and < 400 && location is not null && !location.IsAbsoluteUri)
            {
                url = new Uri(url, location); // a renamed repository: the hub answers with a relative redirect
                continue;
            }
            if (status is < 300 or >= 400) await EnsureOk(response, repoId, commit, path, ct);
            var etag = Header(response, "X-Linked-Etag") ?? response.Headers.ETag?.Tag ?? Header(response, "ETag")
                ?? throw new HubException($"the hub sent no ETag for {repoId}/{path}");
            var size = long.TryParse(Header(response, "X-Linked-Size"), out var linked) ? linked
                : status < 300 ? response.Content.Headers.ContentLength : null;
            return new HubFileMetadata(NormalizeEtag(etag), Header(response, "X-Repo-Commit") ?? commit,
                location is not null ? new Uri(url, location) : url, size);
        }
        throw new HubException($"too many redirects for {repoId}/{path}");
    }

    /// <summary>GET <paramref name="location"/> from byte <paramref name="from"/> on (Range), following redirects to the content.</summary>
    public async Task<HttpResponseMessage> DownloadAsync(Uri location, long from, string repoId, string path, CancellationToken ct)
    {
        var url = location;
        for (var hops = 0; hops < 10; hops++)
        {
            var response = await SendAsync(HttpMethod.Get, url, from > 0 ? new RangeHeaderValue(from, null) : null, ct, HttpCompletionOption.ResponseHeadersRead);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } next)
            {
                response.Dispose();
                url = new Uri(url, next);
                continue;
            }
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable) return response;
            try
            {
                await EnsureOk(response, repoId, null, path, ct);
            }
            catch
            {
                response.Dispose();
                throw;
            }
            return response;
        }
        throw new HubException($"too many redirects downloading {repoId}/{path}");
    }

    public static string NormalizeEtag(string etag) => etag.Trim().Replace("W/", "", StringComparison.Ordinal).Trim('"');

    private Uri Api(string repoId, string rest) => new(_endpoint, $"api/{(RepoType == HubRepoType.Dataset ? "datasets" : "models")}/{repoId}/{rest}");

    private Uri Resolve(string repoId, string commit, string path) =>
        new(_endpoint, $"{(RepoType == HubRepoType.Dataset ? "datasets/" : "")}{repoId}/resolve/{Uri.EscapeDataString(commit)}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}");

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, RangeHeaderValue? range, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.UserAgent.ParseAdd("RearPlayground/1.0");
        // Compressed bodies would hide the real sizes and break Range offsets.
        request.Headers.AcceptEncoding.ParseAdd("identity");
        if (range is not null) request.Headers.Range = range;
        if (Settings.Token is { } token && url.Host == _endpoint.Host && url.Port == _endpoint.Port)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            return await _http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            throw new HubException($"cannot reach {url.GetLeftPart(UriPartial.Authority)}: {e.Message}", e);
        }
    }

    // Answers the user can act on: a gated or private repository, a wrong token, an unknown repository, revision or file.
    private async Task EnsureOk(HttpResponseMessage response, string repoId, string? revision, string? path, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var code = Header(response, "X-Error-Code");
        var message = Header(response, "X-Error-Message");
        if (message is null && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            try
            {
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e)) message = e.GetString();
            }
            catch (JsonException) { }
        }
        var what = path is null ? repoId : $"{repoId}/{path}";
        var detail = message is null ? "" : $" (the hub says: {message})";
        throw (int)response.StatusCode switch
        {
            401 when Settings.Token is null => new HubException($"{what} needs a token: it is gated or private. Set HF_TOKEN to a token with access{detail}"),
            401 => new HubException($"the hub refused HF_TOKEN for {what}: check the token{detail}"),
            403 => new HubException($"access to {what} is forbidden: {(code == "GatedRepo" ? "accept the model's terms on its hub page, then retry" : "the token lacks permission")}{detail}"),
            404 when code == "RevisionNotFound" => new HubException($"revision '{revision}' not found in {repoId}{detail}"),
            404 when code == "EntryNotFound" || path is not null => new HubException($"{what} not found{detail}"),
            404 => new HubException($"repository {repoId} not found at {Settings.Endpoint}{detail}"),
            _ => new HubException($"the hub answered {(int)response.StatusCode} {response.ReasonPhrase} for {what}{detail}"),
        };
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault() : null;

    // Link: <https://…?cursor=…>; rel="next"
    private static Uri? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        foreach (var part in string.Join(",", links).Split(','))
        {
            var pieces = part.Split(';');
            if (pieces.Length < 2 || !pieces.Skip(1).Any(p => p.Trim() is "rel=\"next\"" or "rel=next")) continue;
            var url = pieces[0].Trim().TrimStart('<').TrimEnd('>');
            return Uri.TryCreate(url, UriKind.Absolute, out var next) ? next : null;
        }
        return null;
    }

    public void Dispose() => _http.Dispose();
}
