using RearPlayground.Web.Batches;
using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Components.Pages.Batches;

/// <summary>The start form's fields and the POST /api/batches body they make (the page calls the same service).</summary>
public sealed class BatchStartForm
{
    public long? DatasetId { get; set; }
    public int From { get; set; }
    /// <summary>Null or 0: every item from <see cref="From"/> on.</summary>
    public int? Count { get; set; }
    public string? Model { get; set; }
    public string Method { get; set; } = "bon";
    public int N { get; set; } = 8;
    public int M { get; set; } = 4;
    public double Lambda { get; set; } = 20;
    public int MaxTokens { get; set; } = 64;
    public bool IncludeGreedy { get; set; } = true;
    /// <summary>none (items judged by their rule checks), or an extractor of <see cref="AnswerRule.Extractors"/>.</summary>
    public string Answer { get; set; } = "none";
    public string? Pattern { get; set; }

    public BatchBody ToBody() => new(DatasetId,
        From == 0 && Count is null or 0 ? null : new BatchRange(From, Count is > 0 ? Count.Value : int.MaxValue - From),
        new RunRequest { Model = Model, Method = Method, N = N, M = M, Lambda = Lambda, MaxTokens = MaxTokens, IncludeGreedy = IncludeGreedy },
        null,
        Answer == "none" ? null : new AnswerRule(Answer, Answer == AnswerRule.RegexName ? Pattern : null));
}
