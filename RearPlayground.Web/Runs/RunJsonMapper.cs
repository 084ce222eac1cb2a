using System.Text.Json.Nodes;
using RearPlayground.Data.Entities;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Web.Runs;

/// <summary>
/// Stored rows → the API's run JSON: <c>{"id","status","request","device","best","candidates","tree","counts","timings","warnings","error"}</c>,
/// candidates and tree shaped as in the CLI's JSON. Arrays were stored as JSON text and are embedded as is.
/// </summary>
public static class RunJsonMapper
{
    public static JsonObject Summary(RunEntity r) => new()
    {
        ["id"] = r.Id,
        ["status"] = Status(r.Status),
        ["model"] = r.Model,
        ["method"] = r.Method,
        ["question"] = r.Question,
        ["preference"] = r.Preference,
        ["owner"] = r.Owner,
        ["device"] = r.Device,
        ["best"] = r.Best,
        ["createdAt"] = r.CreatedAt,
        ["startedAt"] = r.StartedAt,
        ["finishedAt"] = r.FinishedAt,
        ["error"] = r.Error,
        ["rerunOf"] = r.RerunOf, // the run this one re-ran, or null
        ["batchId"] = r.BatchId, // the batch this run is an item of, or null
    };

    /// <param name="greedy">The greedy baseline row (includeGreedy), shown as <c>"greedy"</c> apart from the candidates; null: none.</param>
    public static JsonObject Full(RunEntity r, IReadOnlyList<CandidateEntity> candidates, IReadOnlyList<TreeNodeEntity> nodes,
        CandidateEntity? greedy = null)
    {
        var json = Summary(r);
        json["request"] = JsonNode.Parse(r.RequestJson);
        json["modelHash"] = r.ModelHash;
        json["lastSequence"] = r.LastSequence;
        json["candidates"] = new JsonArray([.. candidates.OrderBy(c => c.Index).Select(Candidate)]);
        json["greedy"] = greedy is null ? null : Candidate(greedy);
        json["tree"] = new JsonArray([.. nodes.OrderBy(n => n.NodeId).Select(Node)]);
        json["counts"] = r.CountsJson is null ? null : JsonNode.Parse(r.CountsJson);
        json["timings"] = r.TimingsJson is null ? null : JsonNode.Parse(r.TimingsJson);
        json["warnings"] = Warnings(r);
        return json;
    }

    /// <summary>
    /// The run's warnings as <c>[{code, message}]</c> (e.g. scores-tied); an empty array when none. A row stored before
    /// warnings had codes holds plain strings: each reads as code "note" with the string as its message.
    /// </summary>
    public static JsonArray Warnings(RunEntity r) =>
        new([.. WarningList(r).Select(w => new JsonObject { ["code"] = w.Code, ["message"] = w.Message })]);

    /// <summary>The run's warnings, for the pages.</summary>
    public static IReadOnlyList<RunWarning> WarningList(RunEntity r) => RunWarningJsonConverter.ReadStored(r.WarningsJson);

    public static string Status(RunStatus s) => s.ToString().ToLowerInvariant();

    public static JsonObject Candidate(CandidateEntity c) => new()
    {
        ["index"] = c.Index,
        ["text"] = c.Text,
        ["tokenIds"] = JsonNode.Parse(c.TokenIdsJson),
        ["logprobsWithout"] = JsonNode.Parse(c.LogProbsWithoutJson),
        ["logprobsWith"] = JsonNode.Parse(c.LogProbsWithJson),
        ["score"] = Number(c.Score),
        ["finishReason"] = c.FinishReason,
        ["nodeId"] = c.NodeId,
    };

    private static JsonObject Node(TreeNodeEntity n) => new()
    {
        ["id"] = n.NodeId,
        ["parentId"] = n.ParentId,
        ["subtree"] = n.Subtree,
        ["depth"] = n.Depth,
        ["text"] = n.Text,
        ["tokenIds"] = JsonNode.Parse(n.TokenIdsJson),
        ["logprobsWithout"] = JsonNode.Parse(n.LogProbsWithoutJson),
        ["logprobsWith"] = JsonNode.Parse(n.LogProbsWithJson),
        ["score"] = Number(n.Score),
        ["kept"] = n.Kept,
        ["finishReason"] = n.FinishReason,
    };

    // JSON has no −∞ (an empty response's score): written as the CLI does, "-Infinity".
    public static JsonNode? Number(double d) => double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
