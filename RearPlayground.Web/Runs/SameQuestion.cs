using RearPlayground.Data.Entities;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Runs;

/// <summary>
/// Runs of the same question: the same model, question, preference and system prompt. The results page lists them side by
/// side, and a guided arena takes them together (here, in Runs, so Campaigns may use it without Runs using Campaigns).
/// </summary>
public static class SameQuestion
{
    public static string Key(RunEntity run, RunRequest request) =>
        string.Join('\u001f', run.Model, run.Question, run.Preference ?? "", request.System ?? "");
}
