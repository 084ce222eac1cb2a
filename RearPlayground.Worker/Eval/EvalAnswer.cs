namespace RearPlayground.Worker.Eval;

/// <summary>
/// One method's answer to one item. <see cref="Score"/> is the method's own score of the pick (S_REAR,
/// or GenRM's log P(Yes) − log P(No) for genrm methods); <see cref="RearScore"/> is S_REAR for every method,
/// so picks of different scorers can be compared on one scale. <see cref="Ms"/> is the time of the run the
/// answer came from (shared by methods that pick from the same run).
/// </summary>
public sealed record EvalAnswer(
    int Item,
    string Method,
    string Text,
    EvalCheckResult Check,
    int Tokens,
    string FinishReason,
    int Candidate,
    double Score,
    double RearScore,
    double Ms);
