using System.Globalization;
using RearPlayground.Data.Entities;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Web.Components.Pages.Evaluate;

/// <summary>One line of the past-evaluations list.</summary>
public sealed record EvaluationRow(Guid Id, string Owner, string Model, string Dataset, RunStatus Status, int Done, int Total,
    DateTimeOffset CreatedAt, string? Best)
{
    public string StatusName => Status.ToString().ToLowerInvariant();
    public string Date => CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
    public bool Live => !Status.IsTerminal();

    public static EvaluationRow Of(EvaluationEntity e)
    {
        var best = e.Status == RunStatus.Succeeded && EvalReportData.BestOf(e.ResultJson) is { } b ? b.Short : null;
        return new EvaluationRow(e.Id, e.Owner, e.Model, e.DatasetName, e.Status, e.Done, e.Total, e.CreatedAt, best);
    }
}
