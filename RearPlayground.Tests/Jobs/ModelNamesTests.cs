using System.Text.Json;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Models;

namespace RearPlayground.Tests.Jobs;

/// <summary>A model is named from the catalogue, never by a path; what a run or the catalogue says about a model shows no server path.</summary>
public sealed class ModelNamesTests : IDisposable
{
    private static readonly ModelLocator Shared = new(SharedModels.Directories);
    private readonly string _dir = Directory.CreateTempSubdirectory("rear-names-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("stories260K")]
    [InlineData("test/random-260K")]
    public void A_catalogue_name_is_accepted(string name)
    {
        var names = new ModelNames(Shared);
        Assert.Null(names.Problem(name));
        Assert.True(Directory.Exists(names.FolderOf(name)));
    }

    [Theory]
    [InlineData("random-260K")] // found by the locator one level down, but the catalogue calls it test/random-260K
    [InlineData("/etc")]
    [InlineData("../..")]
    [InlineData("./stories260K")]
    [InlineData("stories260K/")]
    [InlineData("STORIES260K")]
    [InlineData("no-such-model")]
    public void Anything_else_is_refused_with_the_names_and_no_path(string name)
    {
        var problem = new ModelNames(Shared).Problem(name);
        Assert.NotNull(problem);
        Assert.Contains("stories260K, test/random-260K", problem);
        Assert.DoesNotContain(SharedModels.Root, problem);
        Assert.StartsWith("unknown model: name one of the catalogue's models (", problem); // the request's text is not echoed
        Assert.Null(new ModelNames(Shared).FolderOf(name));
    }

    [Fact]
    public void The_server_folder_itself_is_refused()
    {
        Assert.NotNull(new ModelNames(Shared).Problem(SharedModels.Stories));
    }

    [Fact]
    public void A_model_that_fails_to_load_is_named_with_its_file_relative_to_its_folder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "models", "broken")).FullName;
        File.Copy(Path.Combine(SharedModels.Stories, "config.json"), Path.Combine(folder, "config.json"));
        File.WriteAllText(Path.Combine(folder, "model.onnx"), "not a protobuf");
        using var pool = new ModelPool(new ModelPoolOptions { DefaultDevice = DeviceKind.Cpu }, new ModelLocator([Path.Combine(_dir, "models")]));

        var e = Assert.Throws<ModelLoadException>(() => pool.Rent("broken"));

        Assert.StartsWith("model 'broken' cannot be loaded: ", e.Message);
        Assert.DoesNotContain(_dir, e.Message);
        Assert.Contains("tokenizer", e.Message);
    }

    [Fact]
    public void A_model_not_found_is_named_without_the_directories()
    {
        using var pool = new ModelPool(new ModelPoolOptions { DefaultDevice = DeviceKind.Cpu }, Shared);
        var e = Assert.Throws<ModelLoadException>(() => pool.Rent("/srv/secret/model"));
        Assert.Equal("model 'model' is not in the model directories", e.Message);
        Assert.DoesNotContain(SharedModels.Root, e.Message);
    }

    [Fact]
    public void Paths_in_messages_become_names()
    {
        var folder = Path.Combine(_dir, "models", "m");
        var message = $"cannot load ONNX model {folder}/model.onnx: bad; searched {Path.Combine(_dir, "models")} and {folder}";
        Assert.Equal("cannot load ONNX model model.onnx: bad; searched the model directories and the model folder",
            ServerPaths.Hide(message, folder, [Path.Combine(_dir, "models")]));
    }

    [Fact]
    public void Model_facts_in_events_carry_no_folder()
    {
        var json = JsonSerializer.Serialize(ModelFacts.Of(SharedModels.StoriesCpu));
        Assert.DoesNotContain("folder", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(SharedModels.Root, json);
    }
}
