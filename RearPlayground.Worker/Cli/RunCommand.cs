using System.CommandLine;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Search;

namespace RearPlayground.Worker.Cli;

/// <summary><c>run</c>: answer a question with greedy or Best-of-N + REAR and print the ranked candidates.</summary>
public static class RunCommand
{
    public static Command Create(CliIo io)
    {
        var model = CommonOptions.Model();
        var method = new Option<string>("--method") { Description = "greedy | bon", DefaultValueFactory = _ => "bon" };
        var question = CommonOptions.Question();
        var preference = CommonOptions.Preference();
        var lambda = CommonOptions.Lambda();
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
        var separator = CommonOptions.Separator();
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();

        var command = new Command("run", "Generate candidates and rank them with REAR");
        foreach (var o in new Option[] { model, method, question, preference, lambda, gamma, agg, n, maxTokens, temperature, topP, topK, seed, sampleWith, scoreEos, separator, device, json })
            command.Options.Add(o);

        command.SetAction((p, ct) => CliGuard.Run(p, io, async () =>
        {
            var methodName = p.GetValue(method)!.Trim().ToLowerInvariant();
            if (methodName is not ("greedy" or "bon"))
                throw new ArgumentException($"unknown method '{methodName}': use greedy or bon");
            var greedy = methodName == "greedy";
            var request = new SearchRequest(
                p.GetValue(question)!, p.GetValue(preference),
                greedy ? 1 : p.GetValue(n), p.GetValue(maxTokens),
                greedy ? SamplingOptions.Greedy : new SamplingOptions(p.GetValue(temperature), p.GetValue(topP), p.GetValue(topK)),
                CommonOptions.Rear(p, lambda, gamma, agg, p.GetValue(scoreEos)),
                p.GetValue(seed), p.GetValue(sampleWith), p.GetValue(separator)!);
            request.Validate();
            using var loaded = CommonOptions.LoadModel(p, model, device);
            var result = BestOfN.Run(loaded, request, methodName, ct);
            if (p.GetValue(json)) await io.Out.WriteLineAsync(RunJson.Serialize(result));
            else await RunTable.WriteAsync(io.Out, result);
            return 0;
        }));
        return command;
    }
}
