using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Hub;

/// <summary>
/// Where the Hugging Face hub is and who we are to it, read from the environment as huggingface_hub reads it:
/// <c>HF_ENDPOINT</c> (default https://huggingface.co; mirrors), <c>HF_TOKEN</c> (else the token file
/// <c>HF_TOKEN_PATH</c>, default HF_HOME/token, that <c>hf auth login</c> writes), and the cache folder
/// (<see cref="HubCache.DefaultFolder"/>).
/// </summary>
public sealed record HubSettings(string Endpoint, string? Token, string CacheFolder)
{
    public const string DefaultEndpoint = "https://huggingface.co";

    public static HubSettings FromEnvironment(string? cacheFolder = null) =>
        new((Env("HF_ENDPOINT") ?? DefaultEndpoint).TrimEnd('/'), ReadToken(), cacheFolder ?? HubCache.DefaultFolder());

    /// <summary>The environment's settings with any of them overridden (a host's "Rear:Hub:Endpoint/Token/Cache" settings).</summary>
    public static HubSettings From(string? endpoint, string? token, string? cacheFolder)
    {
        var environment = FromEnvironment(string.IsNullOrWhiteSpace(cacheFolder) ? null : cacheFolder);
        return environment with
        {
            Endpoint = string.IsNullOrWhiteSpace(endpoint) ? environment.Endpoint : endpoint.TrimEnd('/'),
            Token = string.IsNullOrWhiteSpace(token) ? environment.Token : token,
        };
    }

    private static string? ReadToken()
    {
        if ((Env("HF_TOKEN") ?? Env("HUGGING_FACE_HUB_TOKEN")) is { } token) return token;
        var path = Env("HF_TOKEN_PATH") ?? Path.Combine(HubCache.HfHome(), "token");
        try { return File.Exists(path) ? File.ReadAllText(path).Trim() is { Length: > 0 } t ? t : null : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    internal static string? Env(string name) => HubCache.Env(name);
}
