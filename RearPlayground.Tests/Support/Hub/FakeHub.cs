using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Http.Features;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace RearPlayground.Tests.Support.Hub;

/// <summary>
/// A local stand-in for the Hugging Face hub (Kestrel on a loopback port), serving repositories the way the hub does:
/// the revision and tree APIs (paged with Link rel="next"), resolve/{rev}/{path} answering small files itself (ETag =
/// git blob id) and redirecting LFS files (.onnx, *_data) to a CDN-like path with X-Linked-Etag (SHA-256),
/// X-Linked-Size and X-Repo-Commit, Range requests there, a 401 for gated files without the token, and on demand a
/// connection dropped part-way or a corrupted body. It records every request for the tests to look at.
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeRepo> _repos = new();

    public Uri Endpoint { get; private set; } = null!;
    public ConcurrentQueue<string> Requests { get; } = new();
    /// <summary>Files that need <see cref="Token"/> (repo/path).</summary>
    public ConcurrentDictionary<string, bool> Gated { get; } = new();
    public string Token { get; set; } = "hf_test_token";
    /// <summary>repo/path → byte count: the next CDN download of that file sends that many bytes, then drops the connection.</summary>
    public ConcurrentDictionary<string, long> DropAfter { get; } = new();
    /// <summary>repo/path whose CDN body has one byte flipped (its hash no longer matches).</summary>
    public ConcurrentDictionary<string, bool> Corrupt { get; } = new();
    /// <summary>repo/path → a gate the CDN waits on before sending that file's body (to hold a download in progress).</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Hold { get; } = new();
    /// <summary>repo/path: after its next dropped connection, further downloads of it wait (as if the network were gone) until released.</summary>
    public ConcurrentDictionary<string, bool> HoldAfterDrop { get; } = new();
    public int TreePageSize { get; set; } = 4;

    private FakeHub(WebApplication app) => _app = app;

    public static async Task<FakeHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var hub = new FakeHub(app);
        app.Use(async (ctx, next) =>
        {
            hub.Requests.Enqueue($"{ctx.Request.Method} {ctx.Request.Path}{ctx.Request.QueryString} {ctx.Request.Headers.Range}".TrimEnd());
            await next();
        });
        app.MapGet("/api/models/{org}/{name}/revision/{rev}", (string org, string name, string rev) => hub.Revision($"{org}/{name}", rev));
        app.MapGet("/api/models/{org}/{name}/tree/{rev}", (HttpContext ctx, string org, string name, string rev) => hub.Tree(ctx, $"{org}/{name}", rev));
        app.MapMethods("/{org}/{name}/resolve/{rev}/{**path}", ["GET", "HEAD"], (HttpContext ctx, string org, string name, string rev, string path) =>
            hub.ResolveAsync(ctx, $"{org}/{name}", rev, path));
        app.MapGet("/cdn/{org}/{name}/{sha}", (HttpContext ctx, string org, string name, string sha) => hub.CdnAsync(ctx, $"{org}/{name}", sha));
        // Dataset repositories: /api/datasets/…, /datasets/{repo}/resolve/…; kept under the key "datasets/ORG/NAME".
        app.MapGet("/api/datasets/{org}/{name}/revision/{rev}", (string org, string name, string rev) => hub.Revision($"datasets/{org}/{name}", rev));
        app.MapGet("/api/datasets/{org}/{name}/tree/{rev}", (HttpContext ctx, string org, string name, string rev) => hub.Tree(ctx, $"datasets/{org}/{name}", rev));
        app.MapMethods("/datasets/{org}/{name}/resolve/{rev}/{**path}", ["GET", "HEAD"], (HttpContext ctx, string org, string name, string rev, string path) =>
            hub.ResolveAsync(ctx, $"datasets/{org}/{name}", rev, path));
        app.MapGet("/cdn/datasets/{org}/{name}/{sha}", (HttpContext ctx, string org, string name, string sha) => hub.CdnAsync(ctx, $"datasets/{org}/{name}", sha));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        hub.Endpoint = new Uri(address.TrimEnd('/'));
        return hub;
    }

    /// <summary>
    /// Serves every file under <paramref name="folder"/> as <paramref name="repoId"/> at one commit; returns the commit.
    /// A dataset repository is keyed "datasets/ORG/NAME" (so are its <see cref="DropAfter"/> keys).
    /// </summary>
    public string AddRepo(string repoId, string folder, bool dataset = false)
    {
        if (dataset) repoId = "datasets/" + repoId;
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes);
        var commit = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(repoId + string.Join(",", files.Keys.Order()))));
        _repos[repoId] = new FakeRepo(commit, files);
        return commit;
    }

    public static bool IsLfs(string path) => path.EndsWith(".onnx", StringComparison.Ordinal) || path.EndsWith(".parquet", StringComparison.Ordinal) || path.Contains(".onnx_data", StringComparison.Ordinal)
        || path.EndsWith(".onnx.data", StringComparison.Ordinal);

    public static string GitOid(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private IResult Revision(string repoId, string rev)
    {
        if (!_repos.TryGetValue(repoId, out var repo)) return NotFound("RepoNotFound", "Repository not found");
        if (rev != "main" && rev != repo.Commit) return NotFound("RevisionNotFound", $"Invalid rev id: {rev}");
        return HttpResults.Json(new { id = repoId, sha = repo.Commit, siblings = repo.Files.Keys.Order().Select(p => new { rfilename = p }) });
    }

    private IResult Tree(HttpContext ctx, string repoId, string rev)
    {
        if (!_repos.TryGetValue(repoId, out var repo)) return NotFound("RepoNotFound", "Repository not found");
        if (rev != "main" && rev != repo.Commit) return NotFound("RevisionNotFound", $"Invalid rev id: {rev}");
        if (ctx.Request.Query["recursive"] != "true") return HttpResults.BadRequest("this fake only lists recursively");
        var all = repo.Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (object)(IsLfs(f.Key)
            ? new { type = "file", oid = GitOid(Encoding.ASCII.GetBytes($"pointer {Sha256(f.Value)}")), size = (long)f.Value.Length, path = f.Key,
                lfs = new { oid = Sha256(f.Value), size = (long)f.Value.Length, pointerSize = 134 } }
            : new { type = "file", oid = GitOid(f.Value), size = (long)f.Value.Length, path = f.Key })).ToList();
        var start = int.TryParse(ctx.Request.Query["cursor"], out var c) ? c : 0;
        if (start + TreePageSize < all.Count)
            ctx.Response.Headers.Link = $"<{Endpoint}{ApiPath(repoId)}/tree/{rev}?recursive=true&cursor={start + TreePageSize}>; rel=\"next\"";
        return HttpResults.Json(all.Skip(start).Take(TreePageSize));
    }

    private static string ApiPath(string key) => key.StartsWith("datasets/", StringComparison.Ordinal) ? $"api/{key}" : $"api/models/{key}";

    private async Task ResolveAsync(HttpContext ctx, string repoId, string rev, string path)
    {
        if (!_repos.TryGetValue(repoId, out var repo) || rev != "main" && rev != repo.Commit || !repo.Files.TryGetValue(path, out var content))
        {
            ctx.Response.StatusCode = 404;
            ctx.Response.Headers["X-Error-Code"] = "EntryNotFound";
            return;
        }
        if (Gated.ContainsKey($"{repoId}/{path}") && ctx.Request.Headers.Authorization != $"Bearer {Token}")
        {
            ctx.Response.StatusCode = 401;
            ctx.Response.Headers["X-Error-Code"] = "GatedRepo";
            ctx.Response.Headers["X-Error-Message"] = $"Access to model {repoId} is restricted. You must have access to it and be authenticated to access it. Please log in.";
            return;
        }
        ctx.Response.Headers["X-Repo-Commit"] = repo.Commit;
        if (IsLfs(path))
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = $"{Endpoint}cdn/{repoId}/{Sha256(content)}";
            ctx.Response.Headers["X-Linked-Etag"] = $"\"{Sha256(content)}\"";
            ctx.Response.Headers["X-Linked-Size"] = content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ctx.Response.Headers.ETag = $"\"{GitOid(Encoding.ASCII.GetBytes($"pointer {Sha256(content)}"))}\"";
            return;
        }
        ctx.Response.Headers.ETag = $"\"{GitOid(content)}\"";
        ctx.Response.ContentLength = content.Length;
        if (HttpMethods.IsGet(ctx.Request.Method)) await ctx.Response.Body.WriteAsync(content);
    }

    private async Task CdnAsync(HttpContext ctx, string repoId, string sha)
    {
        if (!_repos.TryGetValue(repoId, out var repo) || repo.Files.FirstOrDefault(f => Sha256(f.Value) == sha) is not { Key: not null } file)
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        var key = $"{repoId}/{file.Key}";
        var body = file.Value;
        if (Corrupt.ContainsKey(key))
        {
            body = (byte[])body.Clone();
            body[body.Length / 2] ^= 0xFF;
        }
        long from = 0;
        var range = ctx.Request.Headers.Range.ToString();
        if (range.StartsWith("bytes=", StringComparison.Ordinal) && long.TryParse(range[6..].TrimEnd('-'), out var start))
        {
            if (start >= body.Length)
            {
                ctx.Response.StatusCode = 416;
                return;
            }
            from = start;
            ctx.Response.StatusCode = 206;
            ctx.Response.Headers.ContentRange = $"bytes {from}-{body.Length - 1}/{body.Length}";
        }
        ctx.Response.ContentLength = body.Length - from;
        ctx.Response.Headers.ETag = $"\"{sha}\"";
        if (Hold.TryGetValue(key, out var gate)) await gate.Task;
        if (DropAfter.TryRemove(key, out var after))
        {
            var part = (int)Math.Min(after, body.Length - from);
            await ctx.Response.Body.WriteAsync(body.AsMemory((int)from, part));
            await ctx.Response.Body.FlushAsync();
            // An abort resets the socket, losing what was still in flight: give the bytes time to arrive first.
            await Task.Delay(200);
            if (HoldAfterDrop.TryRemove(key, out _)) Hold[key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ctx.Abort();
            return;
        }
        await ctx.Response.Body.WriteAsync(body.AsMemory((int)from));
    }

    private static IResult NotFound(string code, string message) => HttpResults.Text($"{{\"error\":\"{message}\"}}", "application/json", statusCode: 404)
        is var result ? new WithHeader(result, "X-Error-Code", code) : result;

    public async ValueTask DisposeAsync()
    {
        foreach (var gate in Hold.Values) gate.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record FakeRepo(string Commit, Dictionary<string, byte[]> Files);

    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
