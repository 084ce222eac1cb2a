using RearPlayground.Worker.Rear;

namespace RearPlayground.Tests.Architecture;

/// <summary>
/// Keeps the Worker's layering honest (docs: the layers and what each may import): the engine, REAR and the search
/// are the product's core and know nothing of jobs, the CLI, storage or the web; and no two top-level namespaces
/// import each other, even through a chain.
/// </summary>
public class LayeringTests
{
    private static readonly NamespaceGraph Worker = NamespaceGraph.Read(typeof(Ranker).Assembly.Location);

    private static readonly string[] Core = ["Engine", "Rear", "Search"];

    // Jobs as it was (now split into Jobs, Models, Events, Threading), the CLI and everything that runs a search.
    private static readonly string[] AboveCore = ["Jobs", "Models", "Events", "Threading", "Contracts", "Cli", "Eval", "Bench", "Hub", "Datasets", "Data", "Web"];

    [Fact]
    public void Engine_Rear_and_Search_import_nothing_from_Jobs_Cli_Data_or_Web()
    {
        var violations = Core
            .SelectMany(from => Worker.Edges.GetValueOrDefault(from, []).Where(e => AboveCore.Contains(e.Key)).Select(e => e.Value))
            .ToList();
        Assert.True(violations.Count == 0, "core imports an upper layer:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_Worker_top_level_namespaces_have_no_cycles()
    {
        AssertNoCycles(Worker);
    }

    [Fact]
    public void The_Web_top_level_namespaces_have_no_cycles()
    {
        var web = NamespaceGraph.Read(typeof(RearPlayground.Web.Runs.RunService).Assembly.Location, NamespaceGraph.WebLayer);
        Assert.Contains("Runs", web.Targets("Components")); // the pages use the run services
        AssertNoCycles(web);
    }

    // The stores' read and write surface belongs to the services (RunQueries, RunService, AnnotationService,
    // EvaluationQueries, EvaluationService): a page that reached a store directly would skip their rules.
    private static readonly string[] Stores = [.. new[]
    {
        typeof(RearPlayground.Data.Runs.IRunStore), typeof(RearPlayground.Data.Runs.RunStore),
        typeof(RearPlayground.Data.Annotations.IAnnotationStore), typeof(RearPlayground.Data.Annotations.AnnotationStore),
        typeof(RearPlayground.Data.Evaluations.IEvaluationStore), typeof(RearPlayground.Data.Evaluations.EvaluationStore),
    }.Select(t => t.FullName!)];

    [Fact]
    public void No_component_uses_a_store()
    {
        var uses = NamespaceGraph.UsesOf(typeof(RearPlayground.Web.Runs.RunService).Assembly.Location,
            ns => ns == "RearPlayground.Web.Components" || ns.StartsWith("RearPlayground.Web.Components.", StringComparison.Ordinal),
            Stores.Contains);
        Assert.True(uses.Count == 0, "pages and components use a store instead of a service:\n" + string.Join("\n", uses));
    }

    [Fact]
    public void The_store_check_sees_a_use()
    {
        // The services themselves use the stores, so the same reading finds them there (the check is not blind).
        var uses = NamespaceGraph.UsesOf(typeof(RearPlayground.Web.Runs.RunService).Assembly.Location,
            ns => ns is "RearPlayground.Web.Annotations" or "RearPlayground.Web.Evaluations", Stores.Contains);
        Assert.Contains(uses, u => u.StartsWith("RearPlayground.Web.Annotations.AnnotationService uses RearPlayground.Data.Annotations.IAnnotationStore", StringComparison.Ordinal));
        Assert.Contains(uses, u => u.StartsWith("RearPlayground.Web.Evaluations.EvaluationQueries uses RearPlayground.Data.Evaluations.IEvaluationStore", StringComparison.Ordinal));
    }

    [Fact]
    public void The_graph_sees_the_known_dependencies()
    {
        // A signature dependency: Search's Candidate implements Rear's IRankable.
        Assert.Contains("Rear", Worker.Targets("Search"));
        // The CLI's verbs run the search; the jobs store runs.
        Assert.Contains("Search", Worker.Targets("Cli"));
        Assert.Contains("Data", Worker.Targets("Jobs"));
        Assert.Equal(("Search", "Engine", "Data", "Web"), (NamespaceGraph.Layer("RearPlayground.Worker.Search.Dvts"),
            NamespaceGraph.Layer("RearPlayground.Worker.Engine"), NamespaceGraph.Layer("RearPlayground.Data.Runs"), NamespaceGraph.Layer("RearPlayground.Web.Runs")));
        Assert.Null(NamespaceGraph.Layer("System.Text.Json"));
    }

    // Each cycle with one example use per edge, so the message says which type to move.
    private static void AssertNoCycles(NamespaceGraph graph)
    {
        var cycles = graph.Cycles();
        Assert.True(cycles.Count == 0, "namespace cycles: " + string.Join("; ", cycles.Select(c =>
            string.Join(" ↔ ", c) + " (" + string.Join(", ", c.SelectMany(a => c.Where(b => b != a && graph.Targets(a).Contains(b))
                .Select(b => graph.Edges[a][b]))) + ")")));
    }

    [Fact]
    public void A_cycle_is_reported()
    {
        var graph = NamespaceGraph.FromEdges(("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"));
        Assert.Equal([["A", "B", "C"]], graph.Cycles());
        Assert.Empty(NamespaceGraph.FromEdges(("A", "B"), ("A", "C"), ("B", "C")).Cycles());
    }
}
