using RearPlayground.Worker.Batches.Report;

namespace RearPlayground.Tests.Batches.Report;

public class AnswerExtractorsTests
{
    [Theory]
    [InlineData(@"so \boxed{3} then \boxed{\frac{1}{2}}.", @"\frac{1}{2}")]
    [InlineData(@"\boxed{ {a}+\{b\} }", @"{a}+\{b\}")]
    [InlineData(@"first \fbox{12} done", "12")]
    [InlineData(@"\boxed{5} and at the end \boxed{\frac{1}{", "5")] // the last box was cut off: the balanced one before it
    [InlineData(@"$\boxed 7$", "7")]
    [InlineData(@"\boxed{x} \boxedsomething", "x")]
    [InlineData("no box here 42", null)]
    public void Boxed_takes_the_last_balanced_box(string text, string? expected) =>
        Assert.Equal(expected, AnswerExtractors.LastBoxed(text));

    [Theory]
    [InlineData("The answer is 1,234,567.", "1234567")]
    [InlineData("Step 1: 12. Step 2: -3.5", "-3.5")]
    [InlineData("so x = -2", "-2")]
    [InlineData("three quarters: 3/4", "3/4")]
    [InlineData("pages 3-5", "5")]
    [InlineData("the pair (1,2)", "2")]
    [InlineData("about .5 of it", ".5")]
    [InlineData("$1,000 and then 17 apples", "17")]
    [InlineData("Answer 42.", "42")]
    [InlineData("none at all", null)]
    public void Number_takes_the_last_number(string text, string? expected) =>
        Assert.Equal(expected, AnswerExtractors.LastNumber(text));

    [Fact]
    public void Regex_takes_the_group_of_the_last_match()
    {
        var rule = new AnswerRule(AnswerRule.RegexName, @"Answer:\s*(\w+)");
        Assert.Null(rule.Error());
        Assert.Equal("B", rule.Extract("Answer: A ... wait. Answer: B"));
        Assert.Null(rule.Extract("no match"));
        Assert.Equal("C", new AnswerRule(AnswerRule.RegexName, @"(?:choice|option) (?<letter>[A-D])").Extract("option C"));
        Assert.Equal(rule, new AnswerRule(AnswerRule.RegexName, @"Answer:\s*(\w+)")); // a rule is its values, used or not
    }

    [Theory]
    [InlineData(@"Answer: \w+", "exactly one capture group (it has 0)")]
    [InlineData(@"(\d+)/(\d+)", "exactly one capture group (it has 2)")]
    [InlineData(@"(unclosed", "not a valid regular expression")]
    [InlineData(null, "pattern is required")]
    public void A_regex_without_exactly_one_group_is_a_clear_validation_error(string? pattern, string message)
    {
        var rule = new AnswerRule(AnswerRule.RegexName, pattern);
        Assert.Contains(message, rule.Error(), StringComparison.Ordinal);
        Assert.Contains(message, Assert.Throws<ArgumentException>(rule.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_extractors_and_stray_patterns_are_errors()
    {
        Assert.Contains("use boxed, number, regex, text", new AnswerRule("last").Error(), StringComparison.Ordinal);
        Assert.Contains("only for the regex extractor", new AnswerRule(AnswerRule.Number, "(x)").Error(), StringComparison.Ordinal);
        Assert.All(AnswerRule.Extractors.Where(e => e != AnswerRule.RegexName), e => Assert.Null(new AnswerRule(e).Error()));
    }

    [Fact]
    public void A_catastrophic_pattern_times_out_as_no_answer()
    {
        var rule = new AnswerRule(AnswerRule.RegexName, @"^(a+)+$");
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Null(rule.Extract(new string('a', 40) + "!"));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }

    [Fact]
    public void Text_is_the_whole_text_trimmed()
    {
        Assert.Equal("Paris, France", new AnswerRule(AnswerRule.Text).Extract("  Paris, France \n"));
        Assert.Null(new AnswerRule(AnswerRule.Text).Extract("   "));
    }
}
