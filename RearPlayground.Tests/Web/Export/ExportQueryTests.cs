using RearPlayground.Web.Export;

namespace RearPlayground.Tests.Web.Export;

public sealed class ExportQueryTests
{
    [Fact]
    public void Dates_are_whole_UTC_days_both_included()
    {
        var (query, errors) = ExportQuery.Parse(" bob@example.org ", "2026-11-01", "2026-11-03", "", "ALL");
        Assert.Empty(errors);
        var filter = query!.Filter;
        Assert.Equal(("bob@example.org", (string?)null, RankPairs.All), (filter.Annotator, filter.Model, query.Pairs));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), filter.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 4, 0, 0, 0, TimeSpan.Zero), filter.To); // exclusive: all of the 3rd
        Assert.Equal("?annotator=bob%40example.org&from=2026-11-01&to=2026-11-03&pairs=all", query.QueryString(withPairs: true));
        Assert.Equal("?annotator=bob%40example.org&from=2026-11-01&to=2026-11-03", query.QueryString());
        Assert.Equal("", new ExportQuery().QueryString());
    }

    [Theory]
    [InlineData("01/11/2026", null, null, "from")]
    [InlineData(null, "tomorrow", null, "to")]
    [InlineData("2026-11-05", "2026-11-01", null, "to")]
    [InlineData(null, null, "some", "pairs")]
    public void Bad_filters_name_their_parameter(string? from, string? to, string? pairs, string field)
    {
        var (query, errors) = ExportQuery.Parse(null, from, to, null, pairs);
        Assert.Null(query);
        Assert.Equal([field], errors.Keys);
    }

    [Theory]
    [InlineData("""{"model":{"chatTemplate":"ChatMl"}}""", true)]
    [InlineData("""{"model":{"chatTemplate":"Phi3"}}""", true)]
    [InlineData("""{"model":{"chatTemplate":"None"}}""", false)]
    [InlineData("""{"model":{}}""", false)]
    [InlineData("not json", false)]
    [InlineData(null, false)]
    public void A_chat_model_is_one_whose_run_started_with_a_chat_template(string? payload, bool chat) =>
        Assert.Equal(chat, RunFacts.IsChat(payload));
}
