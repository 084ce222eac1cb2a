using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Search;

/// <summary>One question + preference to answer, and how to search and score (CLI defaults).</summary>
public sealed record SearchRequest(
    string Question,
    string? Preference,
    int N = 16,
    int MaxTokens = 128,
    SamplingOptions? Sampling = null,
    RearOptions? Rear = null,
    long Seed = 0,
    bool SampleWithPreference = true,
    string Separator = "\n",
    bool IgnoreEos = false)
{
    public SamplingOptions SamplingOrDefault => Sampling ?? new SamplingOptions();
    public RearOptions RearOrDefault => Rear ?? new RearOptions();

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Question)) throw new ArgumentException("the question is empty");
        if (N < 1) throw new ArgumentException("n must be at least 1");
        if (MaxTokens < 1) throw new ArgumentException("max-tokens must be at least 1");
        SamplingOrDefault.Validate();
        RearOrDefault.Validate();
    }
}
