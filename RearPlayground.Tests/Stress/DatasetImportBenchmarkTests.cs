using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Datasets;
using RearPlayground.Tests.Data;
using RearPlayground.Tests.Datasets;
using RearPlayground.Worker.Datasets;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Import of a generated 100,000-row CSV (about 45 MB) and Parquet file (row groups of 5,000 rows: one is held at a time) into SQLite: time and peak managed heap
/// printed, and what the import holds live (sampled after full collections) must stay below half the text's size (the file is streamed, never loaded whole).
/// <c>REAR_LONG=1 dotnet test RearPlayground.Tests --filter "FullyQualifiedName~DatasetImportBenchmark" --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class DatasetImportBenchmarkTests(ITestOutputHelper output)
{
    private const int Rows = 100_000;
    private static readonly string Filler = string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 16));

    [LongFact]
    public async Task A_100000_row_csv_and_parquet_import_streams()
    {
        using var files = new DatasetFiles();
        var csv = Path.Combine(files.Folder, "big.csv");
        await using (var writer = new StreamWriter(csv))
        {
            await writer.WriteLineAsync("id,problem,answer,level");
            for (var i = 0; i < Rows; i++)
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"p{i},\"Problem {i}: {Filler}, \"\"quoted\"\"\",{i * 7},{i % 5}"));
        }
        var parquet = await files.WriteParquetAsync("big.parquet",
            [.. Enumerable.Range(0, Rows).Select(i => ($"Problem {i}: {Filler}", (i * 7).ToString(CultureInfo.InvariantCulture), i % 5))], groupSize: 5_000);

        foreach (var path in new[] { csv, parquet })
        {
            await using var db = await TempDatabase.CreateAsync();
            var store = db.Services.GetRequiredService<IDatasetStore>();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var baseline = GC.GetTotalMemory(true);
            long peak = baseline, live = baseline;
            var sampled = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false));
                    // Now and then a full collection: what the import really holds, garbage aside.
                    if (sampled.ElapsedMilliseconds > 250)
                    {
                        live = Math.Max(live, GC.GetTotalMemory(true));
                        sampled.Restart();
                    }
                    await Task.Delay(5);
                }
            });
            var clock = Stopwatch.StartNew();
            var result = await DatasetImport.ImportAsync(store, new DatasetImportRequest(path, Path.GetFileName(path), "big", "upload", "big", "bench",
                Preset: "math500"), default);
            clock.Stop();
            await stop.CancelAsync();
            await sampler;
            var size = new FileInfo(path).Length;
            // The Parquet file is compressed: compare with the text it holds (the CSV's size).
            var text = new FileInfo(csv).Length;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetExtension(path)}: {Rows:N0} rows, {size / 1048576.0:F1} MB file, {clock.Elapsed.TotalSeconds:F2} s ({Rows / clock.Elapsed.TotalSeconds:N0} rows/s), " +
                $"peak managed heap +{(peak - baseline) / 1048576.0:F1} MB (live +{(live - baseline) / 1048576.0:F1} MB), process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB"));
            Assert.Equal(Rows, result.Dataset.Items);
            Assert.True(live - baseline < text / 2, $"the import held {live - baseline:N0} bytes for {text:N0} bytes of text");
        }
    }
}
