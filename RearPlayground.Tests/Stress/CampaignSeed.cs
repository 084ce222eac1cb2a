using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Finished runs written straight into the app's database for the campaign suites: running the model thousands of
/// times would take minutes and measure nothing they look at. Each candidate's text names its run, its index and a
/// quality (0 best), so an annotator can tell which is better and a test can map what was shown back to indices.
/// </summary>
internal static class CampaignSeed
{
    public static async Task<List<Guid>> RunsAsync(WebAppFactory app, int runs, int candidates, int seed)
    {
        var random = new Random(seed);
        var factory = app.Services.GetRequiredService<IDbContextFactory<RearDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = new List<Guid>(runs);
        for (var r = 0; r < runs; r++)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            db.Runs.Add(new RunEntity
            {
                Id = id, Owner = WebAppFactory.AdminEmail, Model = "stories260K", Method = "bon", Question = $"Once upon a time {r}",
                Preference = "Tom was a cat who loved to eat fish.", RequestJson = "{}", Status = RunStatus.Succeeded,
                CreatedAt = start.AddSeconds(r), StartedAt = start.AddSeconds(r), FinishedAt = start.AddSeconds(r + 1), Best = 0,
            });
            var quality = Enumerable.Range(0, candidates).ToArray();
            random.Shuffle(quality);
            for (var i = 0; i < candidates; i++)
                db.Candidates.Add(new CandidateEntity
                {
                    RunId = id, Index = i, NodeId = i, Text = Text(r, i, quality[i]), TokenIdsJson = "[1,2]",
                    LogProbsWithoutJson = "[-1,-2]", LogProbsWithJson = "[-0.5,-1]", Score = -quality[i], FinishReason = "eos",
                });
        }
        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>
    /// Fills the campaign's first <paramref name="items"/> items with K judgments each (best: candidate 0, shown in index
    /// order), as if the team were that far along: /next then works past finished items, as it does mid-campaign.
    /// </summary>
    public static async Task FillAsync(WebAppFactory app, long campaignId, int items, int k, IReadOnlyList<string> annotators)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<RearDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var ids = await db.CampaignItems.Where(i => i.CampaignId == campaignId).OrderBy(i => i.Id).Select(i => i.Id).Take(items).ToListAsync();
        var at = DateTimeOffset.UtcNow;
        for (var n = 0; n < ids.Count; n++)
            for (var r = 0; r < k; r++)
                db.CampaignJudgments.Add(new CampaignJudgmentEntity
                {
                    CampaignId = campaignId, ItemId = ids[n], Annotator = annotators[(n + r) % annotators.Count], OrderJson = "[0,1,2]",
                    ValueJson = """{"best":0}""", CreatedAt = at, Seconds = 3,
                });
        await db.SaveChangesAsync();
    }

    public static string Text(int run, int index, int quality) => $"run {run} candidate {index} quality {quality}";

    /// <summary>The candidate index and quality a seeded text names.</summary>
    public static (int Index, int Quality) Parse(string text)
    {
        var words = text.Split(' ');
        return (int.Parse(words[3]), int.Parse(words[5]));
    }
}
