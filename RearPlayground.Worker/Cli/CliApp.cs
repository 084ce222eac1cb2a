using System.CommandLine;

namespace RearPlayground.Worker.Cli;

/// <summary>The command line: <c>run</c>, <c>score</c>, <c>bench</c>, <c>eval</c>, <c>batch</c>, <c>serve</c>, <c>models</c>, <c>datasets</c>. Verb and option names are a contract.</summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var io = new CliIo(stdout ?? Console.Out, stderr ?? Console.Error);
        var root = new RootCommand("RearPlayground worker: REAR test-time preference realignment of ONNX language models.");
        root.Options.Add(CommonOptions.Verbose);
        root.Subcommands.Add(RunCommand.Create(io));
        root.Subcommands.Add(ScoreCommand.Create(io));
        root.Subcommands.Add(BenchCommand.Create(io));
        root.Subcommands.Add(EvalCommand.Create(io));
        root.Subcommands.Add(BatchCommand.Create(io));
        root.Subcommands.Add(ServeCommand.Create(io));
        root.Subcommands.Add(ModelsCommand.Create(io));
        root.Subcommands.Add(DatasetsCommand.Create(io));
        var config = new InvocationConfiguration { Output = io.Out, Error = io.Error };
        return root.Parse(args).InvokeAsync(config);
    }
}

/// <summary>Where a command writes; tests pass their own writers.</summary>
public sealed record CliIo(TextWriter Out, TextWriter Error);
