using System.CommandLine;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Cli;

/// <summary>Options shared by the verbs. New instances per command: an option belongs to one parent.</summary>
public static class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Print stack traces with errors", Recursive = true };

    public static Option<string> Model() => new("--model") { Description = "Model name (in the model directories), ORG/NAME of a repository in the Hugging Face cache, or a folder path", Required = true };
    public static Option<string?> Variant() => new("--variant") { Description = "Which ONNX file of the model folder: fp32, fp16, q4, q4f16, int8, uint8, quantized, bnb4 … (model_q4.onnx → q4); default: fp16 first on CUDA, fp32 then q4 on CPU" };
    public static Option<string> Device() => new("--device") { Description = "auto | cpu | cuda", DefaultValueFactory = _ => "auto" };
    public static Option<double> Lambda() => new("--lambda") { Description = "REAR weight λ (0: no preference, 1: with it, >1 extrapolates)", DefaultValueFactory = _ => 20 };
    public static Option<double?> Guidance() => new("--guidance")
    {
        Description = "REAR-guided decoding λ_g: draw each token from (1−λ_g)·log p(·|no preference) + λ_g·log p(·|preference); " +
            "the guided method's default is 3; with bon or dvts, candidates are drawn with it and then ranked by REAR",
    };
    public static Option<double> Gamma() => new("--gamma") { Description = "Discount γ in (0, 1]", DefaultValueFactory = _ => 1 };
    public static Option<string> Aggregation() => new("--agg") { Description = "mean | sum | min | last", DefaultValueFactory = _ => "mean" };
    public static Option<string> Separator() => new("--separator") { Description = "Between preference and question for plain models", DefaultValueFactory = _ => "\n" };
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object" };
    public static Option<string> Question() => new("--question") { Description = "The question / prompt", Required = true };
    public static Option<string> Preference() => new("--preference") { Description = "The preference text x_p" };

    public static RearOptions Rear(ParseResult p, Option<double> lambda, Option<double> gamma, Option<string> agg, bool scoreEos = true)
    {
        var options = new RearOptions(p.GetValue(lambda), p.GetValue(gamma), AggregationParser.Parse(p.GetValue(agg)!), scoreEos);
        options.Validate();
        return options;
    }

    public static LanguageModel LoadModel(ParseResult p, Option<string> model, Option<string> device, Option<string?> variant) =>
        LanguageModel.Load(p.GetValue(model)!, DeviceKindParser.Parse(p.GetValue(device)!), logger: CliLogging.Logger, variant: p.GetValue(variant));
}
