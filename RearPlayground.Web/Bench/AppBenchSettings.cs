using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Threading;

namespace RearPlayground.Web.Bench;

/// <summary>
/// <c>bench-app [--repeats 9] [--model stories260K] [--cpu N|none] [--json-out FILE]</c>. A relative FILE is taken from the
/// folder holding RearPlayground.sln: <c>dotnet run --project</c> starts the app in the project's folder, not the caller's.
/// <c>--cpu</c>: the one CPU both sides' searches are pinned to (default the last; none: wherever the scheduler puts them).
/// </summary>
public sealed record AppBenchSettings(int Repeats = 9, string Model = "stories260K", string? JsonOut = null, int? Cpu = null)
{
    public const string Usage = "usage: bench-app [--repeats 9] [--model stories260K] [--cpu N|none] [--json-out FILE]";

    /// <summary>The default pins both sides to the process's last CPU (none where threads can't be pinned): which one
    /// matters less than both sharing it.</summary>
    public AppBenchSettings() : this(Cpu: CpuAffinity.ProcessCpus is [.., var last] ? last : null) { }

    public static AppBenchSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new AppBenchSettings();
        for (var i = 1; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            settings = args[i] switch
            {
                "--repeats" => settings with { Repeats = int.TryParse(Value(), out var n) && n >= 1 ? n : throw new ArgumentException("--repeats must be a whole number ≥ 1") },
                "--model" => settings with { Model = Value() },
                "--json-out" => settings with { JsonOut = FromRoot(Value()) },
                "--cpu" => settings with { Cpu = CheckCpu(Value()) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return settings;
    }

    private static int? CheckCpu(string value) => value == "none"
        ? null
        : CpuAffinity.Parse(value) is [var cpu] ? cpu : throw new ArgumentException("--cpu takes none or one CPU number");

    private static string FromRoot(string path) =>
        Path.GetFullPath(path, ModelLocator.FindSolutionRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory());
}
