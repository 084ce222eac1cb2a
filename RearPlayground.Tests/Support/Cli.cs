using RearPlayground.Worker.Cli;

namespace RearPlayground.Tests.Support;

/// <summary>Runs the command line in-process through the executable's own entry point, capturing its output.</summary>
public static class Cli
{
    public static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
