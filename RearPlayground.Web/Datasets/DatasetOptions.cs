namespace RearPlayground.Web.Datasets;

/// <summary><c>Rear:Datasets</c>: the largest file an import takes (an upload, or one file of a hub pull).</summary>
public sealed record DatasetOptions
{
    public const string Section = "Rear:Datasets";
    public long MaxBytes { get; init; } = 200L * 1024 * 1024;
}
