using RearPlayground.Tests.Engine.Tokenization;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Engine;

/// <summary>Where names are looked up: the repository's models/ (the embedded default) before ../shared, one entry per name.</summary>
public sealed class ModelLocatorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_embedded_default_model_is_the_repositorys_own()
    {
        Assert.Equal(SharedModels.AppModels, ModelLocator.DefaultDirectories().First());
        var locator = ModelLocator.Default(hubCache: _folder.File("hf-cache"));
        Assert.Equal(SharedModels.Stories, locator.Resolve("stories260K"));
        // Also where ../shared/models holds a stories260K: the catalogue lists the one Resolve picks, once.
        var stories = Assert.Single(locator.Discover(), m => m.Name == "stories260K");
        Assert.Equal(SharedModels.Stories, stories.Folder);
        Assert.True(File.Exists(Path.Combine(SharedModels.Stories, "model.onnx")));
        Assert.True(File.Exists(SharedModels.Reference));
    }

    [Fact]
    public void A_name_in_two_directories_is_the_first_directorys_in_resolve_and_listing()
    {
        var first = Model("first", "m");
        var second = Model("second", "m");
        Model("second", "other");
        var locator = new ModelLocator([Path.GetDirectoryName(first)!, Path.GetDirectoryName(second)!]);

        Assert.Equal(first, locator.Resolve("m"));
        Assert.Equal([("m", first), ("other", Path.Combine(Path.GetDirectoryName(second)!, "other"))],
            locator.Discover().Select(m => (m.Name, Path.GetFullPath(m.Folder))).ToArray());
    }

    [Fact]
    public void Without_the_defaults_only_the_configured_directories_are_searched()
    {
        var empty = Directory.CreateDirectory(_folder.File("empty")).FullName;
        var locator = ModelLocator.Default([empty], hubCache: _folder.File("hf-cache"), withDefaults: false);

        Assert.Empty(locator.Discover());
        var e = Assert.Throws<ModelLoadException>(() => locator.Resolve("stories260K"));
        Assert.Contains(empty, e.Message);
    }

    private string Model(string directory, string name)
    {
        var folder = Directory.CreateDirectory(_folder.File(Path.Combine(directory, name))).FullName;
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), []);
        return folder;
    }
}
