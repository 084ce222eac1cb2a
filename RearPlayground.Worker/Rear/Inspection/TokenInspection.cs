namespace RearPlayground.Worker.Rear.Inspection;

/// <summary>One of the k most likely next tokens under a context: its id, the text it adds, and log π.</summary>
public sealed record TokenAlternative(int Id, string Text, double LogProb);

/// <summary>
/// One position of an inspected response: the chosen token, ℓ0 and ℓp, r at λ, its rank in each context (1 = the most
/// likely), KL(p_pref ‖ p_0) between the two next-token distributions, and the top-k of each context, most likely first.
/// </summary>
public sealed record InspectedToken(int Id, string Text, double L0, double Lp, double R, int Rank0, int RankP, double Kl,
    IReadOnlyList<TokenAlternative> Top0, IReadOnlyList<TokenAlternative> TopP);

/// <summary>A response's tokens as <see cref="TokenInspector"/> saw them, at one λ and one k.</summary>
public sealed record TokenInspection(double Lambda, int TopK, IReadOnlyList<InspectedToken> Tokens)
{
    public const int MinTopK = 1, MaxTopK = 20, DefaultTopK = 5;

    public const string TopKRule = "topK must be between 1 and 20";

    public static bool TopKOk(int topK) => topK is >= MinTopK and <= MaxTopK;
}
