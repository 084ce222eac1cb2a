using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Support;

/// <summary>Paths into ../shared (read-only: tests never write there) and one loaded copy of each test model.</summary>
public static class SharedModels
{
    public static string Root { get; } = FindShared();

    public static string Stories => Path.Combine(Root, "models", "stories260K");
    public static string Fp16 => Path.Combine(Root, "models", "test", "stories260K-fp16io");
    public static string Random => Path.Combine(Root, "models", "test", "random-260K");
    public static string Reference => Path.Combine(Stories, "reference.json");

    private static readonly Lazy<LanguageModel> StoriesModel = new(() => LanguageModel.Load(Stories, DeviceKind.Cpu));

    /// <summary>stories260K on CPU, loaded once per test run (sessions are safe to share).</summary>
    public static LanguageModel StoriesCpu => StoriesModel.Value;

    private static string FindShared()
    {
        var root = ModelLocator.FindSolutionRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("RearPlayground.sln not found above the test binaries");
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared"));
        if (!Directory.Exists(shared)) throw new InvalidOperationException($"../shared not found at {shared}");
        return shared;
    }
}
