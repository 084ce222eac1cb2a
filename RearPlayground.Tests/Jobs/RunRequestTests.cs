using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Cli;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Jobs;

/// <summary>The API's request: the CLI's names and defaults, and a 400 that names every bad field.</summary>
public class RunRequestTests
{
    private static readonly RunLimits Limits = new();
    private static readonly RunRequest Valid = new() { Model = "stories260K", Method = "bon", Question = "Once upon a time" };

    [Fact]
    public void Defaults_map_to_the_search_request_the_run_verb_builds()
    {
        var expected = new SearchRequest("Once upon a time", null, 16, 128, new SamplingOptions(1, 1, 0),
            new RearOptions(20, 1, Aggregation.Mean, true), 0, true, "\n",
            Method: "bon", Scorer: "rear", M: 4, StepTokens: null, Stop: null, MaxSteps: 40);
        Assert.Empty(Valid.Validate(Limits));
        Assert.Equal(expected, Valid.ToSearchRequest());
    }

    /// <summary>Every option of <c>run</c> (but output switches) is a JSON field of the same name with the same default.</summary>
    [Fact]
    public void Json_names_and_defaults_are_the_run_verbs_options()
    {
        var command = RunCommand.Create(new CliIo(TextWriter.Null, TextWriter.Null));
        var parse = command.Parse(["--model", "m", "--question", "q"]);
        var fields = typeof(RunRequest).GetProperties()
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, p => p.GetValue(new RunRequest()));
        var getValue = typeof(ParseResult).GetMethods()
            .Single(m => m.Name == nameof(ParseResult.GetValue) && m.IsGenericMethod && m.GetParameters()[0].ParameterType.Name == "Option`1");
        var checkedNames = new List<string>();
        foreach (var option in command.Options)
        {
            var name = CamelCase(option.Name.TrimStart('-'));
            if (name is "json" or "events" or "database") continue; // output, or where --profile NAME is looked up: not part of a run
            Assert.True(fields.ContainsKey(name), $"run option {option.Name} has no JSON field '{name}'");
            if (name is "model" or "question" or "preference" or "method" or "device") continue; // required, or null = configured
            var cliDefault = getValue.MakeGenericMethod(option.ValueType).Invoke(parse, [option]);
            Assert.True(Equals(Convert(cliDefault), Convert(fields[name])), $"{name}: CLI default {cliDefault}, JSON default {fields[name]}");
            checkedNames.Add(name);
        }
        Assert.Contains("stepTokens", checkedNames);
        Assert.Contains("sampleWithPreference", checkedNames);
    }

    private static string CamelCase(string kebab)
    {
        var parts = kebab.Split('-');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static object? Convert(object? value) => value is int or long or double ? System.Convert.ToDouble(value) : value;

    public static TheoryData<string, Func<RunRequest, RunRequest>> BadFields => new()
    {
        { "model", r => r with { Model = null } },
        { "model", r => r with { Model = " " } },
        { "question", r => r with { Question = "" } },
        { "method", r => r with { Method = null } },
        { "method", r => r with { Method = "beam" } },
        { "scorer", r => r with { Scorer = "bleu" } },
        { "agg", r => r with { Agg = "median" } },
        { "device", r => r with { Device = "tpu" } },
        { "n", r => r with { N = 0 } },
        { "n", r => r with { N = 65 } },
        { "m", r => r with { M = 0 } },
        { "m", r => r with { M = 65 } },
        { "m", r => r with { Method = "dvts", N = 16, M = 3 } },
        { "maxTokens", r => r with { MaxTokens = 0 } },
        { "maxTokens", r => r with { MaxTokens = 513 } },
        { "question", r => r with { Question = new string('q', 4001) } },
        { "preference", r => r with { Preference = new string('p', 4001) } },
        { "separator", r => r with { Separator = new string('s', 4001) } },
        { "separator", r => r with { Separator = null! } },
        { "stop", r => r with { Stop = new string('s', 4001) } },
        { "temperature", r => r with { Temperature = -0.1 } },
        { "temperature", r => r with { Temperature = double.NaN } },
        { "topP", r => r with { TopP = 0 } },
        { "topP", r => r with { TopP = 1.01 } },
        { "topK", r => r with { TopK = -1 } },
        { "gamma", r => r with { Gamma = 0 } },
        { "gamma", r => r with { Gamma = 1.5 } },
        { "lambda", r => r with { Lambda = double.PositiveInfinity } },
        { "lambda", r => r with { Lambda = double.NaN } },
        { "stepTokens", r => r with { StepTokens = 0 } },
        { "maxSteps", r => r with { MaxSteps = 0 } },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void Each_bad_field_is_named(string field, Func<RunRequest, RunRequest> spoil)
    {
        var errors = spoil(Valid).Validate(Limits);
        Assert.Equal([field], errors.Keys);
        Assert.NotEmpty(errors[field]);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var errors = new RunRequest { N = 0, TopK = -1, Gamma = 2 }.Validate(Limits);
        Assert.Equal(["gamma", "method", "model", "n", "question", "topK"], errors.Keys.Order());
    }

    [Fact]
    public void Limits_come_from_configuration()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rear:Limits:MaxN"] = "8", ["Rear:Workers"] = "0",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddRearJobs(config).BuildServiceProvider();
        var limits = services.GetRequiredService<RunLimits>();
        Assert.Equal(new RunLimits { MaxN = 8 }, limits);
        Assert.Equal(["n"], (Valid with { N = 16 }).Validate(limits).Keys);
    }

    [Fact]
    public void Greedy_ignores_n_and_samples_greedily_as_the_cli_does()
    {
        var greedy = Valid with { Method = " Greedy ", N = 1000 };
        Assert.Empty(greedy.Validate(Limits));
        var request = greedy.ToSearchRequest();
        Assert.Equal(("greedy", 1, SamplingOptions.Greedy), (request.Method, request.N, request.Sampling));
    }

    [Fact]
    public void Valid_requests_pass_the_engines_own_validation()
    {
        foreach (var r in new[]
                 {
                     Valid, Valid with { Method = "dvts", N = 8, M = 2, StepTokens = 4 }, Valid with { Scorer = "GenRM", Agg = "MIN" },
                     Valid with { Temperature = 0, TopP = 0.5, TopK = 3, Gamma = 0.9, Lambda = -3, Device = "cuda" },
                 })
        {
            Assert.Empty(r.Validate(Limits));
            r.ToSearchRequest().Validate();
        }
    }

    [Fact]
    public void Reads_camel_case_json_and_picks_the_device()
    {
        const string json = """{"model":"m","method":"dvts","question":"q","maxTokens":64,"topP":0.9,"stepTokens":4,"sampleWithPreference":false,"device":"cpu"}""";
        var r = JsonSerializer.Deserialize<RunRequest>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal((64, 0.9, 4, false, 16), (r.MaxTokens, r.TopP, r.StepTokens!.Value, r.SampleWithPreference, r.N));
        Assert.Equal(DeviceKind.Cpu, r.DeviceOr(DeviceKind.Cuda));
        Assert.Equal(DeviceKind.Cuda, (r with { Device = null }).DeviceOr(DeviceKind.Cuda));
        Assert.Contains("\"maxTokens\":64", JsonSerializer.Serialize(r));
    }
}
