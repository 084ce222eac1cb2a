using System.ComponentModel;
using System.Text.Json.Nodes;
using RearPlayground.Worker.Rear.Inspection;

namespace RearPlayground.Web.Runs.Inspection;

/// <summary>
/// GET /api/runs/{id}/candidates/{index}/tokens and GET /api/runs/{id}/nodes/{nodeId}/tokens: the token inspector.
/// 400 for a k outside 1–20, 404 for an unknown run, candidate or node, 409 when the run's model cannot be loaded here.
/// </summary>
public static class InspectionEndpoints
{
    public static void MapInspectionEndpoints(this RouteGroupBuilder runs)
    {
        runs.MapGet("/{id:guid}/candidates/{index:int}/tokens", Candidate);
        runs.MapGet("/{id:guid}/nodes/{nodeId:int}/tokens", Node);
    }

    private static Task<IResult> Candidate(Guid id, int index, TokenInspections inspections, CancellationToken ct,
        [Description("alternatives per context and position, 1–20")] int topK = TokenInspection.DefaultTopK) =>
        AnswerAsync(id, new InspectTarget.Candidate(index), topK, inspections, ct);

    private static async Task<IResult> Node(Guid id, int nodeId, TokenInspections inspections, CancellationToken ct,
        [Description("alternatives per context and position, 1–20")] int topK = TokenInspection.DefaultTopK,
        [Description("node: the node's own step, its ancestors forced before it (the default); path: root to node, every token")] string scope = "node")
    {
        var wholePath = scope.Trim().ToLowerInvariant() switch { "node" => false, "path" => true, _ => (bool?)null };
        if (wholePath is null)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["scope"] = [$"unknown scope '{scope}': use node or path"] });
        return await AnswerAsync(id, new InspectTarget.Node(nodeId, wholePath.Value), topK, inspections, ct);
    }

    private static async Task<IResult> AnswerAsync(Guid id, InspectTarget target, int topK, TokenInspections inspections, CancellationToken ct)
    {
        if (!TokenInspection.TopKOk(topK))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["topK"] = [$"{TokenInspection.TopKRule} (got {topK})"] });
        var outcome = await inspections.InspectAsync(id, target, topK, ct);
        return outcome.Failure switch
        {
            InspectFailure.NotFound => Results.Problem(outcome.Message, statusCode: StatusCodes.Status404NotFound),
            InspectFailure.ModelUnavailable => Results.Problem(outcome.Message, statusCode: StatusCodes.Status409Conflict,
                title: "The run's model is not available"),
            _ => Results.Ok(Json(outcome.Inspection!)),
        };
    }

    public static JsonObject Json(TokenInspection inspection) => new()
    {
        ["lambda"] = inspection.Lambda,
        ["topK"] = inspection.TopK,
        ["tokens"] = new JsonArray([.. inspection.Tokens.Select(t => (JsonNode)new JsonObject
        {
            ["id"] = t.Id,
            ["text"] = t.Text,
            ["l0"] = RunJsonMapper.Number(t.L0),
            ["lp"] = RunJsonMapper.Number(t.Lp),
            ["r"] = RunJsonMapper.Number(t.R),
            ["rank0"] = t.Rank0,
            ["rankP"] = t.RankP,
            ["kl"] = RunJsonMapper.Number(t.Kl),
            ["top0"] = Alternatives(t.Top0),
            ["topP"] = Alternatives(t.TopP),
        })]),
    };

    private static JsonArray Alternatives(IReadOnlyList<TokenAlternative> top) => new([.. top.Select(a => (JsonNode)new JsonObject
    {
        ["id"] = a.Id,
        ["text"] = a.Text,
        ["logprob"] = RunJsonMapper.Number(a.LogProb),
    })]);
}
