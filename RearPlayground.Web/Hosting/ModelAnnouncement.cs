using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Web.Hosting;

/// <summary>
/// At start-up, one line when no model can be found at all (the repository's models/stories260K missing, no other
/// directory or cached repository): the app runs, but no search can until a model is added.
/// </summary>
public static class ModelAnnouncement
{
    public static void Log(WebApplication app)
    {
        var locator = app.Services.GetRequiredService<ModelLocator>();
        if (locator.Discover().Any()) return;
        var directories = locator.Directories.Count == 0 ? "(no model directories)" : string.Join(", ", locator.Directories);
        app.Logger.LogWarning(
            "No model found in {Directories} or the Hugging Face cache {Cache}: no search can run until one is added. " +
            "Pull one on the Models page (/models), e.g. {Repo} variant {Variant}, or with `{Command}`",
            directories, locator.Hub?.Folder ?? "(none)", SuggestedModel.Repo, SuggestedModel.Variant,
            $"dotnet run --project RearPlayground.Worker -- models pull {SuggestedModel.Repo} --variant {SuggestedModel.Variant}");
    }
}
