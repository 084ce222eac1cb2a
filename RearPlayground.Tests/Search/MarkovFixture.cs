using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Tests.Search;

/// <summary>The Markov fake model (a real ONNX file), loaded once per test class.</summary>
public sealed class MarkovFixture : IDisposable
{
    public MarkovModel Files { get; } = MarkovModel.Stories();
    public LanguageModel Model { get; }

    public MarkovFixture() => Model = Files.Load();

    /// <summary>
    /// A DVTS request whose texts are made of the chain's vocabulary. Its steps end at the "\n\n" the chain writes, named
    /// explicitly: left unset, a plain model like this one would step by token count (DefaultStepRule).
    /// </summary>
    public static SearchRequest Dvts(int n = 8, int m = 2, int maxTokens = 24, int? stepTokens = null, int maxSteps = 40, long seed = 1) =>
        new(" once upon", " the cat", N: n, MaxTokens: maxTokens, Seed: seed, Separator: "\n\n",
            Method: "dvts", M: m, StepTokens: stepTokens, Stop: "\n\n", MaxSteps: maxSteps);

    public (SearchResult Result, List<SearchEvent> Events) Run(SearchRequest request)
    {
        var events = new List<SearchEvent>();
        var result = SearchRunner.Run(Model, request, events.Add);
        return (result, events);
    }

    public void Dispose()
    {
        Model.Dispose();
        Files.Dispose();
    }
}
