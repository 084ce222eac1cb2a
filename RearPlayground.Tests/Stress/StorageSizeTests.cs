using RearPlayground.Web.Bench;
using Xunit.Abstractions;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Database bytes per generated token (issue 10, Storage) for the bench's Best-of-N (N=16, 128 tokens) and DVTS
/// (N=16, M=4, 4-token steps, 256 tokens) requests on stories260K. The figures-printing version runs 3 runs of each:
/// <c>REAR_LONG=1 dotnet test RearPlayground.Tests --filter "FullyQualifiedName~Stress.Storage"</c>.
/// </summary>
public class StorageSizeTests(ITestOutputHelper output)
{
    /// <summary>The bound of issue 10.</summary>
    public const double MaxBytesPerToken = 48;

    [StorageFiguresFact]
    public async Task Prints_bytes_per_generated_token_for_bon_and_dvts()
    {
        foreach (var figures in new[]
        {
            await StorageProbe.MeasureAsync("Best-of-N N=16, 128 tokens", BenchRequests.Bon("stories260K"), runs: 3),
            await StorageProbe.MeasureAsync("DVTS N=16 M=4 step 4, 256 tokens", BenchRequests.Dvts("stories260K"), runs: 3),
        })
        {
            output.WriteLine(figures.ToString());
            Console.WriteLine(figures);
        }
    }
}

/// <summary>
/// CI's guard on the bound: one Best-of-N and one DVTS run of the bench's requests, measured after VACUUM. The commits
/// are made deterministic (the first event, then every 16 events, then the end: fewer events per row than the default
/// pipeline's timed commits gather on this machine), so the size does not depend on timing.
/// </summary>
public class StorageBoundTests
{
    private static readonly EventPipelineOptions EverySixteen = new() { MaxBatch = 16, CommitInterval = TimeSpan.FromHours(1) };

    [Theory]
    [InlineData("bon")]
    [InlineData("dvts")]
    public async Task A_run_takes_at_most_48_bytes_per_generated_token(string method)
    {
        var request = method == "bon" ? BenchRequests.Bon("stories260K") : BenchRequests.Dvts("stories260K");
        var figures = await StorageProbe.MeasureAsync(method, request, runs: 1, EverySixteen);
        Assert.True(figures.VacuumedPerToken <= StorageSizeTests.MaxBytesPerToken, figures.ToString());
    }
}
