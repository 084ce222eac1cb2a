using Microsoft.Extensions.Logging;

namespace RearPlayground.Worker.Cli;

/// <summary>Informational engine logs (e.g. why CUDA was not used) go to stderr so JSON on stdout stays clean.</summary>
public static class CliLogging
{
    private static readonly ILoggerFactory Factory = LoggerFactory.Create(b => b
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o => o.SingleLine = true)
        .AddFilter((_, level) => level >= LogLevel.Information));

    public static ILogger Logger { get; } = Factory.CreateLogger("rear");
}
