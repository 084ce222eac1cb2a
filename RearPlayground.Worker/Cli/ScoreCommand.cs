using System.CommandLine;
using System.Text.Json;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Worker.Cli;

/// <summary><c>score</c>: ℓ0, ℓp and S_REAR of a given response, without sampling anything.</summary>
public static class ScoreCommand
{
    public static Command Create(CliIo io)
    {
        var model = CommonOptions.Model();
        var question = CommonOptions.Question();
        var preference = CommonOptions.Preference();
        var response = new Option<string>("--response") { Description = "The response to score", Required = true };
        var lambda = CommonOptions.Lambda();
        var gamma = CommonOptions.Gamma();
        var separator = CommonOptions.Separator();
        var device = CommonOptions.Device();
        var variant = CommonOptions.Variant();
        var json = CommonOptions.Json();
        var command = new Command("score", "Score one response under both contexts");
        foreach (var o in new Option[] { model, question, preference, response, lambda, gamma, separator, device, variant, json })
            command.Options.Add(o);

        command.SetAction((p, ct) => CliGuard.Run(p, io, async () =>
        {
            var text = p.GetValue(response)!;
            if (text.Length == 0) throw new ArgumentException("the response is empty");
            using var loaded = CommonOptions.LoadModel(p, model, device, variant);
            var contexts = ContextBuilder.Build(loaded, p.GetValue(question)!, p.GetValue(preference), p.GetValue(separator)!);
            var ids = ResponseTokens.Encode(loaded.Tokenizer, contexts.WithoutText, text);
            var (without, with) = ResponseScorer.Score(loaded, contexts, [ids], ct);
            var rear = new RearOptions(p.GetValue(lambda), p.GetValue(gamma));
            rear.Validate();
            var scores = Enum.GetValues<Aggregation>().ToDictionary(a => a.Name(),
                a => RearScore.Compute(without[0], with[0], rear with { Aggregation = a }, endedWithEos: false));
            if (p.GetValue(json))
            {
                await io.Out.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    model = loaded.Name,
                    device = loaded.Device,
                    lambda = rear.Lambda,
                    gamma = rear.Gamma,
                    tokenIds = ids,
                    logprobsWithout = without[0],
                    logprobsWith = with[0],
                    scores,
                }, StoredJson.Options));
                return 0;
            }
            await io.Out.WriteLineAsync($"{ids.Length} tokens; λ={rear.Lambda} γ={rear.Gamma}");
            foreach (var (name, value) in scores) await io.Out.WriteLineAsync($"  {name,-5} {value:F6}");
            return 0;
        }));
        return command;
    }
}
