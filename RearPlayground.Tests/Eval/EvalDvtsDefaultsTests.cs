using RearPlayground.Tests.Support;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Eval;

/// <summary>
/// The eval harness's DVTS with its defaults on stories260K and the shipped story set. With the old "\n\n" step it was
/// one step of 64 tokens from the same seeded streams as Best-of-N, so dvts-rear gave bon-rear's answers item for item.
/// </summary>
public class EvalDvtsDefaultsTests
{
    [Fact]
    public void Dvts_rear_is_a_tree_search_not_bon_rear_again()
    {
        var items = EvalDataset.Load(EvalDataset.Resolve("stories-preferences.jsonl")!);
        var settings = new EvalSettings("stories260K", "stories-preferences.jsonl", EvalMethods.Parse("bon-rear,dvts-rear"), Limit: 4, BootstrapResamples: 10);
        var result = EvalRunner.Run(SharedModels.StoriesCpu, items, settings);

        Assert.Equal((16, "\n\n"), (result.Settings.StepTokens, result.Settings.Stop)); // 64 max tokens: four 16-token steps
        Assert.Empty(result.Warnings);
        var bon = result.Answers.Where(a => a.Method == "bon-rear").Select(a => a.Text).ToArray();
        var dvts = result.Answers.Where(a => a.Method == "dvts-rear").Select(a => a.Text).ToArray();
        Assert.Equal(4, dvts.Length);
        Assert.NotEqual(bon, dvts);
    }
}
