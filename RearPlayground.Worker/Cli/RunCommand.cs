using System.CommandLine;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Dvts;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Worker.Cli;

/// <summary><c>run</c>: answer a question with greedy, Best-of-N, guided sampling or DVTS + REAR and print the ranked candidates.</summary>
public static class RunCommand
{
    public static Command Create(CliIo io)
    {
        var model = CommonOptions.Model();
        var method = new Option<string>("--method") { Description = "greedy | bon | guided | dvts", DefaultValueFactory = _ => "bon" };
        var scorer = new Option<string>("--scorer") { Description = "rear | likelihood | genrm", DefaultValueFactory = _ => "rear" };
        var m = new Option<int>("-m", "--m") { Description = "DVTS beam width M (must divide N)", DefaultValueFactory = _ => 4 };
        var stepTokens = new Option<int?>("--step-tokens") { Description = "DVTS: end a step after this many tokens. With neither this nor --stop, the model decides: " + DefaultStepRule.Help };
        var stop = new Option<string?>("--stop") { Description = "DVTS step stop string (kept in the text); \"\\n\\n\" when --step-tokens is set without it" };
        var maxSteps = new Option<int>("--max-steps") { Description = "DVTS iterations; the last runs without the stop string", DefaultValueFactory = _ => 40 };
        var events = new Option<bool>("--events") { Description = "Print the search events as JSON lines as they happen" };
        var question = CommonOptions.Question();
        var preference = CommonOptions.Preference();
        var system = new Option<string?>("--system") { Description = "A system prompt in both contexts (chat models: the system message, the preference after it; plain models: text before the prompt)" };
        var lambda = CommonOptions.Lambda();
        var guidance = CommonOptions.Guidance();
        var gamma = CommonOptions.Gamma();
        var agg = CommonOptions.Aggregation();
        var n = new Option<int>("-n", "--n") { Description = "Number of candidates N", DefaultValueFactory = _ => 16 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Max new tokens per candidate", DefaultValueFactory = _ => 128 };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature (0 = greedy)", DefaultValueFactory = _ => 1 };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling mass", DefaultValueFactory = _ => 1 };
        var topK = new Option<int>("--top-k") { Description = "Top-k (0 = off)", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Run seed; candidate i uses a stream derived from it", DefaultValueFactory = _ => 0 };
        var sampleWith = new Option<bool>("--sample-with-preference") { Description = "Sample candidates from the context with the preference", DefaultValueFactory = _ => true, Arity = ArgumentArity.ExactlyOne };
        var scoreEos = new Option<bool>("--score-eos") { Description = "Score the final EOS token when a candidate ends with it", DefaultValueFactory = _ => true, Arity = ArgumentArity.ExactlyOne };
        var includeGreedy = new Option<bool>("--include-greedy")
            { Description = "Also decode the prompt greedily once: a baseline shown apart, never among the N (bon and dvts)" };
        var separator = CommonOptions.Separator();
        var device = CommonOptions.Device();
        var variant = CommonOptions.Variant();
        var json = CommonOptions.Json();
        var profile = ProfileOption.Profile();
        var database = ProfileOption.Database();

        var command = new Command("run", "Generate candidates and rank them with REAR");
        foreach (var o in new Option[] { model, method, scorer, question, preference, system, lambda, guidance, gamma, agg, n, m, maxTokens, temperature, topP, topK, seed,
                     sampleWith, scoreEos, separator, stepTokens, stop, maxSteps, includeGreedy, device, variant, json, events, profile, database })
            command.Options.Add(o);

        command.SetAction((p, ct) => CliGuard.Run(p, io, async () =>
        {
            var methodName = p.GetValue(method)!.Trim().ToLowerInvariant();
            var greedy = methodName == "greedy";
            var rear = await ProfileOption.ResolveAsync(p, profile, database, lambda, gamma, agg, scoreEos, ct);
            var request = new SearchRequest(
                p.GetValue(question)!, p.GetValue(preference),
                greedy ? 1 : p.GetValue(n), p.GetValue(maxTokens),
                greedy ? SamplingOptions.Greedy : new SamplingOptions(p.GetValue(temperature), p.GetValue(topP), p.GetValue(topK)),
                rear,
                p.GetValue(seed), p.GetValue(sampleWith), p.GetValue(separator)!,
                Method: methodName, Scorer: p.GetValue(scorer)!.Trim().ToLowerInvariant(), M: p.GetValue(m),
                StepTokens: p.GetValue(stepTokens), Stop: p.GetValue(stop), MaxSteps: p.GetValue(maxSteps),
                IncludeGreedy: p.GetValue(includeGreedy), System: string.IsNullOrWhiteSpace(p.GetValue(system)) ? null : p.GetValue(system),
                Guidance: p.GetValue(guidance));
            request.Validate();
            using var loaded = CommonOptions.LoadModel(p, model, device, variant);
            Action<SearchEvent>? emit = p.GetValue(events) ? e => io.Out.WriteLine(EventJson.Serialize(e)) : null;
            var result = SearchRunner.Run(loaded, request, emit, ct);
            // On stderr, so stdout stays the table, the JSON or the events whichever was asked; --json has them too.
            foreach (var warning in result.Warnings) await io.Error.WriteLineAsync($"warning: {warning.Code}: {warning.Message}");
            if (p.GetValue(json)) await io.Out.WriteLineAsync(RunJson.Serialize(result, loaded.ComputeOnnxHash()));
            else if (emit is null) await RunTable.WriteAsync(io.Out, result);
            return 0;
        }));
        return command;
    }
}
