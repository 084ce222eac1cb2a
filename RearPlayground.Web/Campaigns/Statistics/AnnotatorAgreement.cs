namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>
/// How far two annotators agree on the items both judged: <see cref="Same"/> of <see cref="Shared"/> judged alike
/// (<see cref="Observed"/>), the agreement expected by chance from each one's own marginals, and Cohen's κ.
/// <see cref="Kappa"/> is null (undefined) when the expected agreement is 1, i.e. both put every shared item in
/// one and the same category.
/// </summary>
public sealed record AnnotatorAgreement(string First, string Second, int Shared, int Same, double Observed, double Expected, double? Kappa);
