using System.Text.RegularExpressions;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Web.Hosting;

/// <summary>
/// Import directions inside the web app that once formed a loop: Hosting (the pipeline, start-up) uses Accounts (the
/// first admin, the setup token); Accounts uses nothing of Hosting. Read from the sources, usings and qualified names alike.
/// </summary>
public sealed partial class WebImportTests
{
    [Theory]
    [InlineData("Accounts", "Hosting")]
    public void A_folder_does_not_import_one_that_imports_it(string folder, string mustNotImport)
    {
        var root = ModelLocator.FindSolutionRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("no solution root");
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "RearPlayground.Web", folder), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => Regex.IsMatch(File.ReadAllText(f), $@"\bRearPlayground\.Web\.{mustNotImport}\b"))
            .Select(Path.GetFileName)
            .ToList();

        Assert.True(offenders.Count == 0, $"{folder} imports {mustNotImport} in {string.Join(", ", offenders)}");
        // And the other direction is real, so the test checks something.
        Assert.Contains(Directory.EnumerateFiles(Path.Combine(root, "RearPlayground.Web", mustNotImport), "*.cs"),
            f => File.ReadAllText(f).Contains($"using RearPlayground.Web.{folder};", StringComparison.Ordinal));
    }
}
