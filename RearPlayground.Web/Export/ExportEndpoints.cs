using System.Globalization;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Annotations;
using RearPlayground.Web.Campaigns;

namespace RearPlayground.Web.Export;

/// <summary>
/// The exports as downloads, for scripts and for the Export page, whose buttons are plain links here (the browser's
/// sign-in cookie authorises them): one code path for both. Filters: annotator, from, to (yyyy-MM-dd, UTC days,
/// inclusive), model; the DPO export also takes pairs=adjacent|all and raw=true|false, or campaign={id} and minAgreement for a campaign's team answers, and says in its headers what the
/// merge did (<see cref="SummaryHeaders"/>), as the lines themselves stay plain TRL records.
/// </summary>
public static class ExportEndpoints
{
    public const string DpoPath = "/api/export/dpo.jsonl", RunsPath = "/api/export/runs.json", ScoresPath = "/api/export/scores.csv";

    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/export").RequireAuthorization().WithTags("Export");
        group.MapGet("/dpo.jsonl", (HttpContext http, AnnotationService annotations, TimeProvider time, CancellationToken ct, string? annotator, string? from,
            string? to, string? model, string? pairs, string? raw, long? campaign, double? minAgreement) => campaign is { } id
            ? CampaignDownload(http, id, minAgreement, time, ct)
            : Download(annotations, time, ct, annotator, from, to, model, pairs, raw, false, "dpo", "jsonl", DpoExporter.ContentType, (runs, q) =>
            {
                var plans = DpoExporter.Plans(runs, q.Pairs);
                SummaryHeaders(http.Response.Headers, DpoSummary.Of(plans, q.Raw));
                return (stream, token) => DpoExporter.WriteAsync(stream, plans, q.Raw, token);
            }));
        group.MapGet("/runs.json", (AnnotationService annotations, TimeProvider time, CancellationToken ct, string? annotator, string? from, string? to, string? model) =>
            Download(annotations, time, ct, annotator, from, to, model, null, null, true, "runs", "json", RunsExporter.ContentType,
                (runs, _) => (stream, token) => RunsExporter.WriteAsync(stream, runs, token)));
        group.MapGet("/scores.csv", (AnnotationService annotations, TimeProvider time, CancellationToken ct, string? annotator, string? from, string? to, string? model) =>
            Download(annotations, time, ct, annotator, from, to, model, null, null, false, "scores", "csv", ScoresCsvExporter.ContentType,
                (runs, _) => (stream, token) => ScoresCsvExporter.WriteAsync(stream, runs, token)));
    }

    /// <summary>?campaign={id}[&amp;minAgreement=0.5]: the team's answers of a campaign the caller may see (<see cref="CampaignDpo"/>).</summary>
    private static async Task<IResult> CampaignDownload(HttpContext http, long id, double? minAgreement, TimeProvider time, CancellationToken ct)
    {
        if (minAgreement is { } min && (!double.IsFinite(min) || min < 0 || min > 1))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["minAgreement"] = ["minAgreement must be between 0 and 1"] });
        var campaigns = http.RequestServices.GetRequiredService<CampaignService>();
        var user = http.User;
        var access = await campaigns.AccessAsync(id, AnnotationEndpoints.Annotator(user), user.IsInRole(Roles.Admin), ct);
        if (!access.Ok) return Results.Problem(access.Message, statusCode: access.Status);
        var plan = await CampaignDpo.BuildAsync(campaigns, http.RequestServices.GetRequiredService<IRunStore>(), access.Value!, minAgreement ?? 0, ct);
        SummaryHeaders(http.Response.Headers, plan.Summary);
        var fileName = $"rear-dpo-campaign-{id}-{time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.jsonl";
        return Results.Stream(stream => CampaignDpo.WriteAsync(stream, plan.Records, ct), DpoExporter.ContentType + "; charset=utf-8", fileName);
    }

    private static async Task<IResult> Download(AnnotationService annotations, TimeProvider time, CancellationToken ct, string? annotator, string? from, string? to, string? model,
        string? pairs, string? raw, bool includeTree, string name, string extension, string contentType,
        Func<IReadOnlyList<AnnotatedRun>, ExportQuery, Func<Stream, CancellationToken, Task>> writer)
    {
        var (query, errors) = ExportQuery.Parse(annotator, from, to, model, pairs, raw);
        if (query is null) return Results.ValidationProblem(errors);
        var fileName = $"rear-{name}-{time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.{extension}";
        // Read before the response starts, so a failing query is still a proper error response.
        var runs = await annotations.ExportAsync(query.Filter, includeTree, ct);
        var write = writer(runs, query);
        return Results.Stream(stream => write(stream, ct), contentType + "; charset=utf-8", fileName);
    }

    /// <summary>
    /// X-Dpo-Judgements (raw judgements), X-Dpo-Pairs (lines written), X-Dpo-Merged (judgements folded into a line
    /// already written), X-Dpo-Contested (pairs decided by majority), X-Dpo-Dropped (pairs left out as ties) and
    /// X-Dpo-Dropped-Judgements, X-Dpo-Raw (true|false).
    /// </summary>
    public static void SummaryHeaders(IHeaderDictionary headers, DpoSummary summary)
    {
        headers["X-Dpo-Judgements"] = summary.Judgements.ToString(CultureInfo.InvariantCulture);
        headers["X-Dpo-Pairs"] = summary.Pairs.ToString(CultureInfo.InvariantCulture);
        headers["X-Dpo-Merged"] = summary.Merged.ToString(CultureInfo.InvariantCulture);
        headers["X-Dpo-Contested"] = summary.Contested.ToString(CultureInfo.InvariantCulture);
        headers["X-Dpo-Dropped"] = summary.Dropped.ToString(CultureInfo.InvariantCulture);
        headers["X-Dpo-Dropped-Judgements"] = summary.DroppedJudgements.ToString(CultureInfo.InvariantCulture);
        headers["X-Dpo-Raw"] = summary.Raw ? "true" : "false";
    }
}
