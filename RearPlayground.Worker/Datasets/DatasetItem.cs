namespace RearPlayground.Worker.Datasets;

/// <summary>One record as mapped: what a batch or <c>eval</c> runs, with the other columns as a JSON object.</summary>
public sealed record DatasetItem(int Position, int Row, string? Id, string Question, string? Preference, string? Answer, string? System, string? MetadataJson);

/// <summary>A row left out, and why.</summary>
public sealed record SkippedRow(int Row, string Reason);
