namespace RearPlayground.Tests.Support.Attention;

/// <summary>
/// Seeded weights of <see cref="AttentionGraph"/>: one single-head attention layer of width <see cref="Dim"/> over the
/// Stories vocabulary (plus " Yes" and " No" for GenRM), with the Stories Markov table added to the logits, so text
/// stays story-like while every log-prob depends on the whole prefix through attention. Matrices are [in, out]
/// row-major (x · W).
/// </summary>
public sealed record AttentionWeights(int Vocab, int Dim, int MaxPositions, float[] Table, float[] Embedding, float[] Positions,
    float[] Wq, float[] Wk, float[] Wv, float[] Wo, float[] Wout)
{
    public static readonly string[] Vocabulary = [.. MarkovModel.StoriesVocabulary, " Yes", " No"];

    public static AttentionWeights Create(int seed = 7, int dim = 32, int maxPositions = 512)
    {
        var vocab = Vocabulary.Length;
        var stories = MarkovModel.StoriesVocabulary.Length;
        var storiesTable = MarkovModel.StoriesTable();
        var table = new float[vocab * vocab];
        for (var from = 0; from < vocab; from++)
            for (var to = 0; to < vocab; to++)
                table[from * vocab + to] = from < stories && to < stories ? storiesTable[from * stories + to] : -4;
        var random = new Random(seed);
        float[] Normal(int count, double std) => Enumerable.Range(0, count).Select(_ =>
        {
            // Box–Muller: System.Random has no normal draw.
            var u = 1.0 - random.NextDouble();
            var v = random.NextDouble();
            return (float)(std * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }).ToArray();
        var unit = 1 / Math.Sqrt(dim);
        return new AttentionWeights(vocab, dim, maxPositions, table,
            Normal(vocab * dim, 1), Normal(maxPositions * dim, 0.5),
            Normal(dim * dim, unit), Normal(dim * dim, unit), Normal(dim * dim, unit), Normal(dim * dim, unit),
            Normal(dim * vocab, 0.7 * unit));
    }
}
