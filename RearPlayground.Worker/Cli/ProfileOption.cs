using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Data.Profiles;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Cli;

/// <summary>
/// <c>run --profile</c>: a scorer profile from a JSON file (as <c>GET /api/profiles/{name}</c> answers it, saved) or, with
/// <c>--database</c>, by name from the web app's database, read only. The CLI has no other way to reach the team's profiles.
/// The rule is the API's (<see cref="ScorerProfile.Apply"/>), except that the CLI can tell an option given from its default:
/// giving --lambda, --gamma, --agg or --score-eos with another value than the profile's is an error.
/// </summary>
public static class ProfileOption
{
    public static Option<string?> Profile() => new("--profile")
    {
        Description = "Scorer profile: a NAME.json file saved from GET /api/profiles/{name}, or a name looked up in --database; sets λ, γ, agg and EOS",
    };

    public static Option<string?> Database() => new("--database") { Description = "The web app's database (SQLite file, e.g. App_Data/rear.db), read for --profile NAME" };

    /// <summary>The REAR options for the run: the given ones, or the profile's when --profile is set.</summary>
    public static async Task<RearOptions> ResolveAsync(ParseResult p, Option<string?> profile, Option<string?> database, Option<double> lambda,
        Option<double> gamma, Option<string> agg, Option<bool> scoreEos, CancellationToken ct)
    {
        var request = new RunRequest { Lambda = p.GetValue(lambda), Gamma = p.GetValue(gamma), Agg = p.GetValue(agg)!, ScoreEos = p.GetValue(scoreEos) };
        if (p.GetValue(profile) is { } name)
        {
            var values = await LoadAsync(name, p.GetValue(database), ct);
            var given = new HashSet<string>();
            if (Given(p, lambda)) given.Add("lambda");
            if (Given(p, gamma)) given.Add("gamma");
            if (Given(p, agg)) given.Add("agg");
            if (Given(p, scoreEos)) given.Add("scoreEos");
            var (resolved, conflicts) = values.Apply(request, given);
            if (conflicts.Count > 0)
                throw new ArgumentException(string.Join("; ", conflicts.Keys.Select(k => $"{Flags[k]} conflicts with profile '{values.Name}' " +
                    "(λ, γ, agg and EOS come from it): leave it out or give the profile's value")));
            request = resolved;
        }
        var options = new RearOptions(request.Lambda, request.Gamma, AggregationParser.Parse(request.Agg), request.ScoreEos);
        options.Validate();
        return options;
    }

    private static readonly Dictionary<string, string> Flags = new()
    {
        ["lambda"] = "--lambda", ["gamma"] = "--gamma", ["agg"] = "--agg", ["scoreEos"] = "--score-eos",
    };

    private static bool Given(ParseResult p, Option option) => p.GetResult(option) is { Implicit: false };

    private static async Task<ScorerProfile> LoadAsync(string name, string? database, CancellationToken ct)
    {
        if (File.Exists(name))
        {
            var fromFile = ScorerProfile.FromJson(await File.ReadAllTextAsync(name, ct))
                ?? throw new ArgumentException($"{name} holds no profile");
            if (fromFile.Validate().FirstOrDefault() is { Key: { } field } problem) throw new ArgumentException($"{name}: {problem.Value[0]}");
            return fromFile;
        }
        if (database is null)
            throw new ArgumentException($"--profile {name}: no such file; to look a profile up by name, give the web app's database with --database");
        if (!File.Exists(database)) throw new ArgumentException($"--database {database}: no such file");
        await using var services = new ServiceCollection().AddRearData(database).BuildServiceProvider();
        var entity = await services.GetRequiredService<IProfileStore>().FindAsync(name.Trim(), ct)
            ?? throw new ArgumentException($"unknown profile '{name}' in {database}");
        return ScorerProfile.From(entity);
    }
}
