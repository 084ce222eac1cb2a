using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;

namespace RearPlayground.Tests.Web.Export;

/// <summary>Annotated runs built by hand for the exporter tests: texts with commas, quotes, newlines and markup.</summary>
internal static class ExportSamples
{
    public const string Question = "Once upon a time, \"Tom\"\nsaid:";
    public const string Preference = "Tom was a cat, <b>who</b> loved fish.";
    public static readonly string[] Texts = ["the cat, the fish", "he said \"no\"\r\nand left", "<script>alert(1)</script> ünïcødé", "plain"];

    public static readonly string ChatMlStarted = """{"method":"bon","model":{"name":"tiny-chat","chatTemplate":"ChatMl"}}""";
    public static readonly string PlainStarted = """{"method":"bon","model":{"name":"stories260K","chatTemplate":"None"}}""";

    private static long _id;

    public static AnnotatedRun Run(IEnumerable<AnnotationEntity> annotations, string? runStarted = null, int candidates = 4,
        string requestJson = """{"lambda":7.5}""", string model = "stories260K")
    {
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "alice", Model = model, Method = "bon", Question = Question, Preference = Preference,
            RequestJson = requestJson, Status = RunStatus.Succeeded, Best = 2, CreatedAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        };
        var list = annotations.ToList();
        foreach (var a in list) a.RunId = run.Id;
        return new AnnotatedRun(run, [.. Enumerable.Range(0, candidates).Select(i => Candidate(run.Id, i))], list, [Node(run.Id)], runStarted);
    }

    public static CandidateEntity Candidate(Guid runId, int i) => new()
    {
        RunId = runId, Index = i, NodeId = i, Text = Texts[i % Texts.Length], TokenIdsJson = "[1,2,3,4]",
        LogProbsWithoutJson = "[-1,-2,-3,-4]", LogProbsWithJson = "[-0.5,-1,-1.5,-2]",
        Score = i == 3 ? double.NegativeInfinity : 1.25 * i, FinishReason = i == 0 ? "length" : "eos",
    };

    private static TreeNodeEntity Node(Guid runId) => new()
    {
        RunId = runId, NodeId = 0, Subtree = 0, Depth = 0, Text = "root", TokenIdsJson = "[1]", LogProbsWithoutJson = "[-1]",
        LogProbsWithJson = "[-0.5]", Score = 0.5, Kept = true, FinishReason = "eos",
    };

    public static AnnotationEntity Best(string who, int index, string? comment = null) => New(who, "best", index.ToString(), index, comment);
    public static AnnotationEntity Rank(string who, string order, string? comment = null) => New(who, "rank", order, null, comment);
    public static AnnotationEntity Pair(string who, int left, int right, string choice) =>
        New(who, "pair", new PairValue(left, right, choice).ToJson(), null, null);
    public static AnnotationEntity Comment(string who, string text, int? index = null) => New(who, "comment", "", index, text);

    private static AnnotationEntity New(string who, string kind, string value, int? index, string? comment) => new()
    {
        Id = Interlocked.Increment(ref _id), Annotator = who, Kind = kind, Value = value, CandidateIndex = index, Comment = comment,
        At = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero).AddSeconds(_id),
    };

    /// <summary>An RFC 4180 reader for the tests: quoted fields may hold commas, doubled quotes, CR and LF.</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var i = 0;
        var quoted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                if (c == '"') { quoted = false; i++; continue; }
                field.Append(c);
                i++;
                continue;
            }
            if (c == '"') { Assert.Equal(0, field.Length); quoted = true; i++; continue; }
            if (c == ',') { row.Add(field.ToString()); field.Clear(); i++; continue; }
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i += 2;
                continue;
            }
            Assert.False(c is '\r' or '\n', $"a bare line break outside quotes at {i}");
            field.Append(c);
            i++;
        }
        Assert.False(quoted, "an unterminated quote");
        Assert.True(row.Count == 0 && field.Length == 0, "the last record must end with CRLF");
        return rows;
    }
}
