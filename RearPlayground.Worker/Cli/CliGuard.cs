using System.CommandLine;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Cli;

/// <summary>Turns failures into one clear line on stderr and a non-zero exit; the stack only with --verbose.</summary>
public static class CliGuard
{
    public const int UserError = 2, InternalError = 3;

    public static async Task<int> Run(ParseResult parse, CliIo io, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ModelLoadException or ArgumentException or InvalidOperationException or IOException or FormatException)
        {
            await Report(parse, io, e);
            return UserError;
        }
        catch (OperationCanceledException)
        {
            await io.Error.WriteLineAsync("error: cancelled");
            return UserError;
        }
        catch (Exception e)
        {
            await Report(parse, io, e);
            return InternalError;
        }
    }

    private static async Task Report(ParseResult parse, CliIo io, Exception e)
    {
        await io.Error.WriteLineAsync($"error: {e.Message.Split('\n')[0]}");
        if (parse.GetValue(CommonOptions.Verbose)) await io.Error.WriteLineAsync(e.ToString());
    }
}
