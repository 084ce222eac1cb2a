using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Bench;

/// <summary>The requests bench-app times (issue 9): the same objects go to the CLI path and, as JSON, to POST /api/runs.</summary>
public static class BenchRequests
{
    private static RunRequest Base(string model) => new()
    {
        Model = model, Question = "Once upon a time", Preference = "Tom was a cat who loved to eat fish.", Seed = 3,
    };

    /// <summary>Best-of-N, N = 16, 128 tokens.</summary>
    public static RunRequest Bon(string model) => Base(model) with { Method = "bon", N = 16, MaxTokens = 128 };

    /// <summary>DVTS, N = 16, M = 4, 4-token steps, 256 tokens, the default 40 steps (stories260K: about 640 tree nodes).</summary>
    public static RunRequest Dvts(string model) => Base(model) with { Method = "dvts", N = 16, M = 4, StepTokens = 4, MaxTokens = 256 };

    /// <summary>A small run for the latencies: two candidates of eight tokens.</summary>
    public static RunRequest Small(string model) => Base(model) with { Method = "bon", N = 2, MaxTokens = 8 };
}
