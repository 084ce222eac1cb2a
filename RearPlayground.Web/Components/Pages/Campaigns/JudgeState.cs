using RearPlayground.Data.Campaigns;
using RearPlayground.Web.Campaigns;

namespace RearPlayground.Web.Components.Pages.Campaigns;

/// <summary>What a key asks the work view to do beyond changing the pick.</summary>
public enum JudgeCommand { None, Submit, Skip, Undo }

/// <summary>
/// One item's judgment being made, in the labels shown: best (a letter or its digit), rank (an order; a letter or digit selects,
/// arrow keys move the selected one), pairs (1 = A, 2 = B, 3 = tie). Enter submits once there is something to submit,
/// S skips, U undoes the last judgment. S and U stay commands even where there are that many candidates (the mouse picks those).
/// </summary>
public sealed class JudgeState
{
    public JudgeState(string task, IReadOnlyList<string> labels, JudgmentBody? previous = null)
    {
        Task = task;
        Labels = labels;
        Ranking = previous?.Ranking is { } r && r.Order().SequenceEqual(labels.Order()) ? [.. r] : [.. labels];
        Best = previous?.Best;
        Winner = previous?.Winner;
    }

    public string Task { get; }
    public IReadOnlyList<string> Labels { get; }
    public string? Best { get; private set; }
    /// <summary>Pairs: a label or "tie".</summary>
    public string? Winner { get; private set; }
    public List<string> Ranking { get; }
    /// <summary>Rank: the candidate the arrow keys move.</summary>
    public string? Selected { get; private set; }

    public bool Ready => Task switch
    {
        CampaignTasks.Best => Best is not null,
        CampaignTasks.Pairs => Winner is not null,
        _ => true,
    };

    /// <summary>The keys the work view listens for (rear.keys ignores them while the user types in a field).</summary>
    public static string[] Keys(int labels) =>
    [
        .. Enumerable.Range(0, Math.Min(labels, 26)).SelectMany(i => new[] { ((char)('a' + i)).ToString(), ((char)('A' + i)).ToString() }),
        .. Enumerable.Range(1, 9).Select(d => d.ToString()), "Enter", "s", "S", "u", "U", "ArrowUp", "ArrowDown",
    ];

    public JudgeCommand Key(string key)
    {
        switch (key)
        {
            case "Enter": return Ready ? JudgeCommand.Submit : JudgeCommand.None;
            case "s" or "S": return JudgeCommand.Skip;
            case "u" or "U": return JudgeCommand.Undo;
            case "ArrowUp": Move(-1); return JudgeCommand.None;
            case "ArrowDown": Move(1); return JudgeCommand.None;
        }
        if (Task == CampaignTasks.Pairs && key == "3") Winner = "tie";
        else if (LabelOf(key) is { } label) Pick(label);
        return JudgeCommand.None;
    }

    /// <summary>A click on a candidate: best picks it, pairs makes it the winner, rank selects it.</summary>
    public void Pick(string label)
    {
        if (!Labels.Contains(label)) return;
        switch (Task)
        {
            case CampaignTasks.Best: Best = label; break;
            case CampaignTasks.Pairs: Winner = label; break;
            default: Selected = label; break;
        }
    }

    public void Tie() => Winner = "tie";

    /// <summary>Moves the selected candidate by <paramref name="step"/> places (rank).</summary>
    public void Move(int step)
    {
        if (Task != CampaignTasks.Rank || Selected is null) return;
        var from = Ranking.IndexOf(Selected);
        var to = Math.Clamp(from + step, 0, Ranking.Count - 1);
        MoveTo(Selected, to);
    }

    /// <summary>Puts <paramref name="label"/> at <paramref name="place"/> (drag and drop, arrow keys).</summary>
    public void MoveTo(string label, int place)
    {
        if (!Ranking.Remove(label)) return;
        Ranking.Insert(Math.Clamp(place, 0, Ranking.Count), label);
        Selected = label;
    }

    public JudgmentBody Body(double seconds) => Task switch
    {
        CampaignTasks.Best => new JudgmentBody(Best, null, null, null, null, null, seconds),
        CampaignTasks.Pairs => new JudgmentBody(null, null, Winner, null, null, null, seconds),
        _ => new JudgmentBody(null, [.. Ranking], null, null, null, null, seconds),
    };

    private string? LabelOf(string key)
    {
        if (key.Length == 1 && char.IsAsciiDigit(key[0]) && key[0] != '0') return key[0] - '1' < Labels.Count ? Labels[key[0] - '1'] : null;
        return Labels.FirstOrDefault(l => string.Equals(l, key, StringComparison.OrdinalIgnoreCase));
    }
}
