using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Web.Components;
using RearPlayground.Web.Components.Pages.Export;
using static RearPlayground.Tests.Web.Export.ExportSamples;

namespace RearPlayground.Tests.Web.Export;

/// <summary>The Export page builds its download links from the filters with the routes' own parsing, and says what matches.</summary>
public sealed class ExportPageTests : MudTestContext
{
    private readonly FakeStore _store;

    public ExportPageTests()
    {
        _store = new FakeStore(() => _runs);
        Services.AddSingleton<IAnnotationStore>(_store);
    }

    [Fact]
    public void The_links_carry_the_filters_and_a_bad_range_disables_them_with_a_message()
    {
        var cut = Render<ExportPage>();
        Assert.Equal("/api/export/dpo.jsonl?pairs=adjacent", cut.Find("[data-testid=export-jsonl]").GetAttribute("href"));
        Assert.Equal("/api/export/runs.json", cut.Find("[data-testid=export-runs]").GetAttribute("href"));
        Assert.Equal("/api/export/scores.csv", cut.Find("[data-testid=export-csv]").GetAttribute("href"));
        Assert.NotNull(cut.Find("[data-testid=export-jsonl]").GetAttribute("download"));
        // Best #2 over three others, plus one pair won: 4 pairs; the comment gives none.
        cut.WaitForAssertion(() => Assert.Equal("1 run and 3 annotations match: 4 DPO pairs.", cut.Find("[data-testid=export-summary]").TextContent));
        Assert.Equal("4 DPO pairs from 4 judgements.", cut.Find("[data-testid=export-dpo-summary]").TextContent);

        cut.Find("[data-testid=export-from]").Change("2026-11-05");
        cut.Find("[data-testid=export-to]").Change("2026-11-01");
        // A change re-renders when its handler's await (the summary's count) is done: wait for it, not for a fixed time.
        cut.WaitForAssertion(() => Assert.Contains("is before from", cut.Markup));
        Assert.Null(cut.Find("[data-testid=export-jsonl]").GetAttribute("href"));
        cut.WaitForAssertion(() => Assert.Equal("Fix the filters to export.", cut.Find("[data-testid=export-summary]").TextContent));

        cut.Find("[data-testid=export-to]").Change("2026-11-09");
        cut.WaitForAssertion(() =>
            Assert.Equal("/api/export/dpo.jsonl?from=2026-11-05&to=2026-11-09&pairs=adjacent", cut.Find("[data-testid=export-jsonl]").GetAttribute("href")));
        Assert.Equal("/api/export/scores.csv?from=2026-11-05&to=2026-11-09", cut.Find("[data-testid=export-csv]").GetAttribute("href"));
        Assert.Equal((new DateTimeOffset(2026, 11, 5, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero)),
            (_store.LastFilter!.From, _store.LastFilter.To));
    }

    [Fact]
    public void The_summary_says_what_was_merged_and_dropped_and_the_raw_switch_keeps_every_judgement()
    {
        _runs = [Run([Best("bob", 2), Pair("carol", 0, 2, "left"), Pair("carol", 2, 1, "left"), Pair("dave", 1, 2, "left")])];
        var cut = Render<ExportPage>();

        // {0,2}: bob against carol, dropped; {1,2}: bob and carol against dave, kept; {2,3}: bob alone.
        cut.WaitForAssertion(() => Assert.Equal("2 DPO pairs from 6 judgements: 2 merged into a pair already written; " +
            "1 contested pair decided by majority; 1 tied pair dropped (2 judgements).", cut.Find("[data-testid=export-dpo-summary]").TextContent));
        Assert.Equal("1 run and 4 annotations match: 2 DPO pairs.", cut.Find("[data-testid=export-summary]").TextContent);

        cut.Find("input[data-testid=export-raw], [data-testid=export-raw] input").Change(true);
        cut.WaitForAssertion(() => Assert.Equal("/api/export/dpo.jsonl?pairs=adjacent&raw=true", cut.Find("[data-testid=export-jsonl]").GetAttribute("href")));
        cut.WaitForAssertion(() => Assert.Equal("6 raw judgements, every one kept.", cut.Find("[data-testid=export-dpo-summary]").TextContent));
        Assert.Equal("1 run and 4 annotations match: 6 DPO pairs.", cut.Find("[data-testid=export-summary]").TextContent);
    }

    private IReadOnlyList<AnnotatedRun>? _runs;

    /// <summary>Answers the export queries with one annotated run; the page needs nothing else.</summary>
    private sealed class FakeStore(Func<IReadOnlyList<AnnotatedRun>?> runs) : IAnnotationStore
    {
        public AnnotationFilter? LastFilter { get; private set; }

        public Task<IReadOnlyList<AnnotatedRun>> ExportAsync(AnnotationFilter filter, bool includeTree = false, CancellationToken cancellationToken = default)
        {
            LastFilter = filter;
            return Task.FromResult(runs() ?? [Run([Best("bob", 2), Pair("carol", 0, 1, "right"), Comment("carol", "fine")])]);
        }

        public Task<(IReadOnlyList<string> Annotators, IReadOnlyList<string> Models)> FacetsAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<(IReadOnlyList<string>, IReadOnlyList<string>)>((["bob", "carol"], ["stories260K"]));

        public Task<AnnotationResult> AddAsync(Guid runId, string annotator, AnnotationInput input, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<AnnotationResult> UpdateAsync(Guid runId, long id, string annotator, AnnotationInput input, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<AnnotationResult> DeleteAsync(Guid runId, long id, string annotator, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<AnnotationEntity>> ListAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<(IReadOnlyList<QueueItem> Items, int Total)> QueueAsync(string annotator, bool newestFirst = false, int page = 1, int pageSize = 20,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
