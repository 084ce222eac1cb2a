using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Eval;

public class EvalChecksTests
{
    private static EvalItem Item(string[]? mention = null, int? maxWords = null) => new(1, "Q", "P", mention, maxWords);

    [Theory]
    [InlineData("Tom the CAT ate.", true)]
    [InlineData("the cat's bowl", true)]
    [InlineData("A cat.", true)]
    [InlineData("He tried to catch it.", false)]
    [InlineData("two cats", false)]
    [InlineData("a dog", false)]
    public void Must_mention_is_whole_word_and_case_insensitive(string answer, bool pass)
    {
        var result = EvalChecks.Check(Item(["cat"]), answer);
        Assert.Equal(pass, result.Pass);
        Assert.Equal(pass, result.Mentioned);
        Assert.Equal(pass ? "cat" : null, result.MentionedWord);
        Assert.Null(result.WithinWords);
    }

    [Fact]
    public void Any_listed_word_is_enough_and_phrases_work()
    {
        Assert.True(EvalChecks.Check(Item(["fish", "Tom"]), "there was tom.").Pass);
        Assert.Equal("Tom", EvalChecks.Check(Item(["fish", "Tom"]), "there was tom.").MentionedWord);
        Assert.True(EvalChecks.Check(Item(["red ball"]), "a Red Ball!").Pass);
        Assert.False(EvalChecks.Check(Item(["red ball"]), "a red balloon").Pass);
    }

    [Theory]
    [InlineData(", there was a cat", 4, 4, true)] // the lone comma is not a word
    [InlineData(", there was a cat", 3, 4, false)]
    [InlineData("one  two\nthree", 3, 3, true)]
    [InlineData("Tom's dog - 2 cats!", 3, 4, false)]
    [InlineData("", 1, 0, true)]
    public void Max_words_counts_chunks_with_a_letter_or_digit(string answer, int max, int words, bool pass)
    {
        var result = EvalChecks.Check(Item(maxWords: max), answer);
        Assert.Equal(words, result.Words);
        Assert.Equal(pass, result.Pass);
        Assert.Equal(pass, result.WithinWords);
        Assert.Null(result.Mentioned);
    }

    [Fact]
    public void All_present_checks_must_pass()
    {
        var item = Item(["cat"], 3);
        Assert.True(EvalChecks.Check(item, "a cat").Pass);
        var tooLong = EvalChecks.Check(item, "a cat sat down");
        Assert.False(tooLong.Pass);
        Assert.True(tooLong.Mentioned);
        Assert.False(tooLong.WithinWords);
        var noMention = EvalChecks.Check(item, "a dog");
        Assert.False(noMention.Pass);
        Assert.True(noMention.WithinWords);
    }
}
