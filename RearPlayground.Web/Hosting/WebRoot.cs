using RearPlayground.Worker.Engine;

namespace RearPlayground.Web.Hosting;

/// <summary>Finds the top-level <c>wwwroot/</c> that sits beside RearPlayground.sln (from source); null elsewhere, so a published app uses its own.</summary>
public static class WebRoot
{
    public static string? Locate()
    {
        var root = ModelLocator.FindSolutionRoot(Directory.GetCurrentDirectory()) ?? ModelLocator.FindSolutionRoot(AppContext.BaseDirectory);
        var folder = root is null ? null : Path.Combine(root, "wwwroot");
        return folder is not null && Directory.Exists(folder) ? folder : null;
    }
}
