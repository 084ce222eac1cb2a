using System.CommandLine;
using System.Text.Json;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Variants;
using RearPlayground.Worker.Hub;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Worker.Cli;

/// <summary>
/// <c>models pull REPO_ID [--revision R] [--variant V]</c>: one variant of a Hugging Face repository into the shared
/// hub cache (HF_HUB_CACHE / HF_HOME/hub / ~/.cache/huggingface/hub; HF_ENDPOINT, HF_TOKEN), resumable, verified.
/// <c>models list</c>: the models found in the model directories and the cache, with their variants.
/// </summary>
public static class ModelsCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("models", "Download models from the Hugging Face hub and list the models here");
        command.Subcommands.Add(Pull(io));
        command.Subcommands.Add(List(io));
        return command;
    }

    private static Command Pull(CliIo io)
    {
        var repo = new Argument<string>("REPO_ID") { Description = "The repository, ORG/NAME (e.g. onnx-community/SmolLM2-135M-Instruct-ONNX)" };
        var revision = new Option<string>("--revision") { Description = "Branch, tag or commit", DefaultValueFactory = _ => "main" };
        var variant = new Option<string?>("--variant") { Description = "Which ONNX file: fp32, fp16, q4, int8 … or a path such as onnx/model_q4.onnx; default: the device order's first" };
        var command = new Command("pull", "Download one variant of a hub repository (configs, tokenizer, ONNX file and its data) into the hub cache");
        command.Arguments.Add(repo);
        command.Options.Add(revision);
        command.Options.Add(variant);
        command.SetAction((p, ct) => CliGuard.Run(p, io, async () =>
        {
            var settings = HubSettings.FromEnvironment();
            using var client = new HubClient(settings);
            var interactive = ReferenceEquals(io.Error, Console.Error) && !Console.IsErrorRedirected;
            var last = DateTime.MinValue;
            var lastLength = 0;
            // Synchronous reports (not Progress<T>, which posts to the thread pool): lines come out in order.
            var progress = new InlineProgress<PullProgress>(x =>
            {
                var line = PullProgressText.Format(x);
                if (interactive)
                {
                    io.Error.Write("\r" + line.PadRight(lastLength));
                    lastLength = line.Length;
                    if (x.State != PullState.Downloading) { io.Error.WriteLine(); lastLength = 0; }
                }
                else if (x.State != PullState.Downloading || DateTime.UtcNow - last > TimeSpan.FromSeconds(2) || x.FilesDone == x.FilesTotal)
                {
                    io.Error.WriteLine(line);
                    last = DateTime.UtcNow;
                }
            });
            var result = await new ModelPuller(client, new HubCache(settings.CacheFolder))
                .PullAsync(p.GetValue(repo)!, p.GetValue(revision), p.GetValue(variant), progress, ct);
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                repo = result.RepoId, commit = result.Commit, variant = result.Variant, folder = result.Folder, files = result.Files,
                run = $"--model {result.RepoId} --variant {result.Variant}",
            }, StoredJson.Options));
            return 0;
        }));
        return command;
    }

    private static Command List(CliIo io)
    {
        var command = new Command("list", "The models in the model directories and the Hugging Face cache, with their variants");
        command.SetAction((p, ct) => CliGuard.Run(p, io, async () =>
        {
            var locator = ModelLocator.Default();
            foreach (var (name, folder) in locator.Discover().DistinctBy(m => Path.GetFullPath(m.Folder)))
            {
                await io.Out.WriteLineAsync($"{name}  ({folder})");
                var variants = ModelVariants.List(folder);
                var chosen = variants.Count > 0 ? ModelVariants.Default(variants, DeviceKind.Auto) : null;
                foreach (var v in variants)
                    await io.Out.WriteLineAsync($"  {(v == chosen ? "*" : " ")} {v.Name,-12} {PullProgressText.Bytes(v.Bytes),10}  {v.RelativePath}  {v.ElementTypes}");
            }
            await io.Out.WriteLineAsync($"(* = default here; hub cache: {locator.Hub?.Folder})");
            return 0;
        }));
        return command;
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread.</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
