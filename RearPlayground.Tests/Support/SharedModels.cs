using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Support;

/// <summary>
/// The models the tests share, all in the repository (a clone alone runs the tests; ../shared is never read or written
/// here): stories260K in models/ (the app's embedded default) and the test models in RearPlayground.Tests/Models/test/.
/// One loaded copy of stories260K.
/// </summary>
public static class SharedModels
{
    /// <summary>The repository root: the folder holding RearPlayground.sln.</summary>
    public static string Root { get; } = ModelLocator.FindSolutionRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("RearPlayground.sln not found above the test binaries");

    /// <summary>The app's own model directory (stories260K).</summary>
    public static string AppModels => Path.Combine(Root, "models");

    /// <summary>The test models' directory: its test/ folder makes them test/random-260K and test/stories260K-fp16io in the catalogue.</summary>
    public static string TestModels => Path.Combine(Root, "RearPlayground.Tests", "Models");

    /// <summary>Both, in the order the app looks: what a test locator or a test app's "Rear:ModelDirectories" names.</summary>
    public static IReadOnlyList<string> Directories { get; } = [AppModels, TestModels];

    public static string Stories => Path.Combine(AppModels, "stories260K");
    public static string Fp16 => Path.Combine(TestModels, "test", "stories260K-fp16io");
    public static string Random => Path.Combine(TestModels, "test", "random-260K");
    public static string Reference => Path.Combine(Stories, "reference.json");

    private static readonly Lazy<LanguageModel> StoriesModel = new(() => LanguageModel.Load(Stories, DeviceKind.Cpu));

    /// <summary>stories260K on CPU, loaded once per test run (sessions are safe to share).</summary>
    public static LanguageModel StoriesCpu => StoriesModel.Value;
}
