namespace RearPlayground.Data.Entities;

/// <summary>
/// An imported dataset: where it came from, how its columns were mapped, and what was skipped. Its items are rows of
/// <see cref="DatasetItemEntity"/>; batches run over them.
/// </summary>
public sealed class DatasetEntity
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary><c>upload</c>, <c>hub</c> or <c>builtin</c>.</summary>
    public required string Source { get; set; }
    /// <summary>The uploaded file's name, or the hub repository and file (org/name@revision:path).</summary>
    public required string Origin { get; set; }
    /// <summary><c>jsonl</c>, <c>csv</c> or <c>parquet</c>.</summary>
    public required string Format { get; set; }
    /// <summary>The mapping used: <c>{question, preference?, answer?, system?, id?}</c> naming columns (JSON).</summary>
    public required string MappingJson { get; set; }
    public int Items { get; set; }
    /// <summary>Rows not imported, with the reason: <c>[{row, reason}]</c> (JSON; the first ones when there are many).</summary>
    public string? SkippedJson { get; set; }
    public int SkippedCount { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One item of a dataset, as mapped; the other columns are kept as metadata (a JSON object).</summary>
public sealed class DatasetItemEntity
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    /// <summary>0-based position among the imported items (ranges of a batch count in it).</summary>
    public int Position { get; set; }
    /// <summary>1-based row (line) of the source file, for messages.</summary>
    public int Row { get; set; }
    public string? ExternalId { get; set; }
    public required string Question { get; set; }
    public string? Preference { get; set; }
    /// <summary>The reference answer, when the dataset has one.</summary>
    public string? Answer { get; set; }
    public string? System { get; set; }
    public string? MetadataJson { get; set; }
}
