using RearPlayground.Worker.Batches.Report;

namespace RearPlayground.Tests.Batches.Report;

/// <summary>The checker against a table of equivalent and non-equivalent answer pairs (MATH-style answers mostly).</summary>
public class AnswerCheckerTests
{
    public static TheoryData<string, string, bool, string?> Pairs => new()
    {
        // equivalent
        { @"\frac{\sqrt{3}}{2}", @"\dfrac{\sqrt3}{2}", true, null },
        { @"10\%", "10", true, null },
        { "10%", "10", true, null },
        { "(1,2)", "(1, 2)", true, null },
        { "x=5", "5", true, null },
        { "x = 5", "5", true, null },
        { "= 5", "5", true, null },
        { "y=2x+1", "2x+1", true, null },
        { "5.0", "5", true, null },
        { "5.00", "5", true, null },
        { "0.5", "1/2", true, null },
        { "0.5", @"\frac{1}{2}", true, null },
        { @"\frac12", "0.5", true, null },
        { @"\tfrac{3}{4}", @"\frac34", true, null },
        { "3/4", "0.75", true, null },
        { @"-\frac{1}{2}", "-0.5", true, null },
        { @"\frac{-1}{2}", "-0.5", true, null },
        { @"\left(1,2\right)", "(1,2)", true, null },
        { @"\left[ 0, 1 \right)", "[0,1)", true, null },
        { @"90^\circ", "90", true, null },
        { @"90^{\circ}", "90", true, null },
        { @"\$5", "5", true, null },
        { "$5$", "5", true, null },
        { @"1\!000", "1000", true, null },
        { @"1\,000", "1000", true, null },
        { "1,000", "1000", true, null },
        { @"5\text{ cm}", "5", true, null },
        { @"5 \text{cm}^2", "5", true, null },
        { @"\text{(A)}", "(A)", true, null },
        { "5 dollars", "5", true, "dollars,cents" },
        { "12 cm", "12", true, "cm" },
        { "7", " 7 ", true, null },
        { @"\sqrt{2}", @"\sqrt2", true, null },
        { @"\frac{\pi}{2}", @"\dfrac{\pi}{2}", true, null },
        { "-0", "0", true, null },
        { "0.1", ".1", true, null },
        { @"\mbox{east}", "east", true, null },
        { "(1.0, 2)", "(1,2)", true, null },
        // not equivalent
        { "12", "1.2", false, null },
        { @"\frac{1}{3}", "0.33", false, null },
        { "5", "-5", false, null },
        { "(1,2)", "(2,1)", false, null },
        { "x^2", "x^3", false, null },
        { @"\sqrt{2}", "2", false, null },
        { @"\frac{1}{2}", @"\frac{1}{3}", false, null },
        { "10", "100", false, null },
        { "0.5", "0.05", false, null },
        { "1,000", "1", false, null },
        { "12 cm", "12", false, null }, // no unit named in the item: not stripped
        { "A", "a", false, null },
        { @"\pi", "3.14", false, null },
        { "5x", "5", false, null },
        { "2", "", false, null },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Answers_are_equivalent_after_math_normalisation(string answer, string reference, bool equivalent, string? units)
    {
        var list = units?.Split(',');
        Assert.Equal(equivalent, AnswerChecker.Equivalent(answer, reference, list));
        Assert.Equal(equivalent, AnswerChecker.Equivalent(reference, answer, list)); // symmetric
    }

    [Fact]
    public void The_table_has_forty_rows_or_more_of_both_kinds()
    {
        var rows = Pairs.Select(r => (bool)r[2]).ToList();
        Assert.True(rows.Count >= 40 && rows.Count(e => e) >= 20 && rows.Count(e => !e) >= 10);
    }

    [Fact]
    public void Numbers_get_one_key_and_no_answer_never_matches()
    {
        Assert.Equal(AnswerChecker.Key("0.5"), AnswerChecker.Key(@"\dfrac{1}{2}"));
        Assert.Equal("#1000", AnswerChecker.Key("1,000.0"));
        Assert.False(AnswerChecker.Equivalent(null, "5"));
        Assert.Null(AnswerChecker.Key(" $ $ "));
    }
}
