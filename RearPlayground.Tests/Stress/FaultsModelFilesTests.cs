using System.Net;
using Microsoft.Data.Sqlite;
using RearPlayground.Tests.Support;
using RearPlayground.Tests.Web;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Faults: a model's files removed or corrupted between a run's submission and its start; the run starts in a
/// fresh app (its pool has not loaded the model). The run ends Failed with an error naming the file relative to the model's
/// folder (no server path) and the app goes on answering and running. Works on a COPY of stories260K in a temp
/// model directory: the repository's models are never written.
/// </summary>
[Collection("Hangfire")]
public class FaultsModelFilesTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("removed", "model.onnx")]
    [InlineData("corrupted", "model.onnx")]
    [InlineData("removed", "tokenizer.model")]
    public async Task A_model_whose_file_breaks_before_its_run_fails_the_run_naming_the_file(string fault, string file)
    {
        var models = Path.Combine(Path.GetTempPath(), "rear-fault-models-" + Guid.NewGuid().ToString("N"));
        var copy = Directory.CreateDirectory(Path.Combine(models, "copy260K")).FullName;
        foreach (var f in Directory.GetFiles(SharedModels.Stories)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        var folder = WebAppFactory.NewFolder();
        var settings = new Dictionary<string, string?>
        {
            ["Rear:ModelDirectories:1"] = models,
            ["Rear:JobStorage"] = "SQLite",
            ["Rear:JobStoragePath"] = Path.Combine(folder, "jobs.db"),
            ["Rear:Workers"] = "0",
        };
        try
        {
            Guid id;
            // Submitted while the files are whole (the submit checks load the model), kept queued: no job server.
            await using (var first = new WebAppFactory(folder, settings))
            {
                using var submitter = await first.SignedInAsync();
                var body = RunApi.Tiny();
                body["model"] = "copy260K";
                id = await RunApi.SubmitAsync(submitter, body);
            }
            var path = Path.Combine(copy, file);
            if (fault == "removed") File.Delete(path);
            else await File.WriteAllBytesAsync(path, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);

            // A fresh app, with a worker and an empty model pool: it must load the broken files.
            settings["Rear:Workers"] = "1";
            await using var app = new WebAppFactory(folder, settings);
            using var client = await app.SignedInAsync();
            var run = await RunApi.WaitForEndAsync(client, id, timeoutSeconds: 120);

            var error = run["error"]?.GetValue<string>() ?? "";
            output.WriteLine($"{fault} {file}: {RunApi.Status(run)}: {error}");
            Assert.Equal("failed", RunApi.Status(run));
            Assert.Contains(file, error);
            Assert.DoesNotContain(models, error);
            Assert.DoesNotContain(SharedModels.Root, error);
            Assert.Equal("runFailed", RunApi.Types(await RunApi.EventsAsync(client, id)).Last());
            // The app is up: it answers, and a run on an intact model succeeds.
            using (var list = await client.GetAsync("/api/models")) Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            var next = await RunApi.SubmitAsync(client, RunApi.Tiny());
            Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, next)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var dir in new[] { models, folder })
                try { Directory.Delete(dir, recursive: true); }
                catch (IOException) { }
        }
    }
}
