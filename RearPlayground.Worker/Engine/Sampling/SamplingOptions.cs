namespace RearPlayground.Worker.Engine.Sampling;

/// <summary>How the next token is drawn. Temperature 0 means greedy (arg-max).</summary>
public sealed record SamplingOptions(double Temperature = 1.0, double TopP = 1.0, int TopK = 0)
{
    public static readonly SamplingOptions Greedy = new(0);

    public bool IsGreedy => Temperature <= 0;

    public void Validate()
    {
        if (double.IsNaN(Temperature) || Temperature < 0) throw new ArgumentException("temperature must be ≥ 0");
        if (double.IsNaN(TopP) || TopP <= 0 || TopP > 1) throw new ArgumentException("top-p must be in (0, 1]");
        if (TopK < 0) throw new ArgumentException("top-k must be ≥ 0 (0 turns it off)");
    }
}
