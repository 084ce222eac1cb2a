using Parquet;
using Parquet.Schema;

namespace RearPlayground.Tests.Datasets;

/// <summary>Data files written by the tests into a temp folder (removed on dispose).</summary>
public sealed class DatasetFiles : IDisposable
{
    public string Folder { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "rear-datasets-" + Guid.NewGuid().ToString("N"))).FullName;

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A Parquet file of string columns (plus an int "level" and, when asked, a list column "tags"), in row groups of <paramref name="groupSize"/>.</summary>
    public async Task<string> WriteParquetAsync(string name, IReadOnlyList<(string Problem, string Answer, int Level)> rows, int groupSize = 1000, bool withList = false)
    {
        var path = Path.Combine(Folder, name);
        var problem = new DataField<string>("problem");
        var answer = new DataField<string>("answer");
        var level = new DataField<int>("level");
        Field[] fields = withList ? [problem, answer, level, new ListField("tags", new DataField<string>("element"))] : [problem, answer, level];
        await using var stream = File.Create(path);
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream))
        {
            for (var start = 0; start < rows.Count; start += groupSize)
            {
                var part = rows.Skip(start).Take(groupSize).ToList();
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(problem, part.Select(r => r.Problem).ToList());
                await group.WriteAsync(answer, part.Select(r => r.Answer).ToList());
                await group.WriteAsync<int>(level, part.Select(r => r.Level).ToArray().AsMemory());
                if (withList)
                {
                    var element = (DataField)((ListField)fields[3]).Item;
                    // Two tags per row: repetition level 0 starts a row, 1 continues its list.
                    await group.WriteAsync(element, part.SelectMany(_ => new[] { "a", "b" }).ToList(),
                        part.SelectMany(_ => new[] { 0, 1 }).ToArray().AsMemory());
                }
            }
        }
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
