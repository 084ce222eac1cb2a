using System.CommandLine;
using RearPlayground.Worker.Eval;
using RearPlayground.Worker.Search.Dvts;

namespace RearPlayground.Worker.Cli;

/// <summary>
/// <c>eval</c>: run several methods over a JSON-lines dataset of question + preference + checks and report
/// pass rates with bootstrap intervals, lengths, scores and times. Progress goes to stderr.
/// </summary>
public static class EvalCommand
{
    public static Command Create(CliIo io)
    {
        var model = CommonOptions.Model();
        var dataset = new Option<string>("--dataset")
        {
            Description = "JSON lines: {\"question\", \"preference\", \"mustMention\": [words; one must appear, whole word, any case], \"maxWords\": n}; at least one check per line. " +
                "A relative name not found here is looked up next to the binary (Eval/Data holds the shipped datasets)",
            Required = true,
        };
        var methods = new Option<string>("--methods")
        {
            Description = "Comma-separated methods. " + EvalMethods.Help(),
            DefaultValueFactory = _ => EvalMethods.Default,
        };
        var n = new Option<int>("-n", "--n") { Description = "Number of candidates N (Best-of-N; DVTS budget)", DefaultValueFactory = _ => 16 };
        var m = new Option<int>("-m", "--m") { Description = "DVTS beam width M (must divide N)", DefaultValueFactory = _ => 4 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Max new tokens per answer", DefaultValueFactory = _ => 64 };
        var lambda = CommonOptions.Lambda();
        var guidance = CommonOptions.Guidance();
        var gamma = CommonOptions.Gamma();
        var agg = CommonOptions.Aggregation();
        var stepTokens = new Option<int?>("--step-tokens") { Description = "DVTS: end a step after this many tokens. With neither this nor --stop, the model decides: " + DefaultStepRule.Help };
        var stop = new Option<string?>("--stop") { Description = "DVTS step stop string (kept in the text); \"\\n\\n\" when --step-tokens is set without it" };
        var maxSteps = new Option<int>("--max-steps") { Description = "DVTS iterations; the last runs without the stop string", DefaultValueFactory = _ => 40 };
        var seed = new Option<long>("--seed") { Description = "Base seed: item i uses seed + i; also seeds the bootstrap", DefaultValueFactory = _ => 0 };
        var separator = CommonOptions.Separator();
        var device = CommonOptions.Device();
        var variant = CommonOptions.Variant();
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the 95% pass-rate interval", DefaultValueFactory = _ => 2000 };
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first K items" };
        var json = CommonOptions.Json();

        var command = new Command("eval", "Evaluate methods on a preference dataset: pass rates with 95% bootstrap intervals");
        foreach (var o in new Option[] { model, dataset, methods, n, m, maxTokens, lambda, guidance, gamma, agg, stepTokens, stop, maxSteps,
                     seed, separator, device, variant, bootstrap, limit, json })
            command.Options.Add(o);

        command.SetAction((p, ct) => CliGuard.Run(p, io, async () =>
        {
            // Everything that can be checked without the model is, so mistakes fail before the load.
            var settings = new EvalSettings(p.GetValue(model)!, p.GetValue(dataset)!, EvalMethods.Parse(p.GetValue(methods)!),
                p.GetValue(n), p.GetValue(m), p.GetValue(maxTokens), CommonOptions.Rear(p, lambda, gamma, agg),
                p.GetValue(stepTokens), p.GetValue(maxSteps), p.GetValue(seed), p.GetValue(separator)!, p.GetValue(stop),
                p.GetValue(bootstrap), p.GetValue(limit), p.GetValue(guidance));
            settings.Validate();
            var items = EvalDataset.Load(settings.Dataset);
            using var loaded = CommonOptions.LoadModel(p, model, device, variant);

            // \r redraws only make sense on a real terminal; tests and pipes get plain lines.
            var interactive = ReferenceEquals(io.Error, Console.Error) && !Console.IsErrorRedirected;
            var bar = new ProgressBar(io.Error, interactive);
            var result = await Task.Run(() => EvalRunner.Run(loaded, items, settings, bar.Report, ct), ct);
            bar.Finish(result.Items.Count);

            if (p.GetValue(json)) await io.Out.WriteLineAsync(EvalReport.Serialize(result));
            else await EvalReport.WriteTableAsync(io.Out, result);
            return 0;
        }));
        return command;
    }
}
