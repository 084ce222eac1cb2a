using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Profiles;

namespace RearPlayground.Tests.Cli;

/// <summary><c>run --profile</c>: from a saved profile file, by name from the web app's database, and a conflicting option refused.</summary>
public sealed class RunProfileCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rear-profile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly string[] Base = ["run", "--model", "stories260K", "--method", "bon", "--question", "Once upon a time",
        "--preference", "Tom was a cat.", "-n", "2", "--max-tokens", "6", "--device", "cpu", "--json"];

    private static JsonElement Rear(string stdout) => JsonDocument.Parse(stdout).RootElement.GetProperty("rear").Clone();

    [Fact]
    public async Task A_profile_file_as_the_API_answers_it_sets_lambda_gamma_agg_and_eos()
    {
        var file = Path.Combine(_folder, "team.json");
        await File.WriteAllTextAsync(file, """{"name":"team","lambda":3.5,"gamma":0.9,"aggregation":"sum","scoreEos":false,"teamDefault":true,"source":null}""");
        var (code, stdout, stderr) = await Support.Cli.Run([.. Base, "--profile", file]);
        Assert.True(code == 0, stderr);
        var rear = Rear(stdout);
        Assert.Equal(3.5, rear.GetProperty("lambda").GetDouble());
        Assert.Equal(0.9, rear.GetProperty("gamma").GetDouble());
        Assert.Equal("sum", rear.GetProperty("aggregation").GetString());
        Assert.False(rear.GetProperty("scoreEos").GetBoolean());

        // The profile's own value may be repeated; another one is refused, naming the option.
        Assert.Equal(0, (await Support.Cli.Run([.. Base, "--profile", file, "--lambda", "3.5"])).Code);
        var (refused, _, error) = await Support.Cli.Run([.. Base, "--profile", file, "--lambda", "20"]);
        Assert.NotEqual(0, refused);
        Assert.Contains("--lambda conflicts with profile 'team'", error);
    }

    [Fact]
    public async Task A_profile_name_is_read_from_the_database_given_and_an_unknown_one_is_an_error()
    {
        var database = Path.Combine(_folder, "rear.db");
        await using (var services = new ServiceCollection().AddRearData(database).BuildServiceProvider())
        {
            await services.MigrateRearDataAsync();
            Assert.True(await services.GetRequiredService<IProfileStore>().CreateAsync(new ProfileEntity
            {
                Name = "Fitted", Lambda = 7.25, Gamma = 1, Aggregation = "min", ScoreEos = true, CreatedBy = "ann", CreatedAt = DateTimeOffset.UtcNow,
            }));
        }
        var (code, stdout, stderr) = await Support.Cli.Run([.. Base, "--profile", "fitted", "--database", database]);
        Assert.True(code == 0, stderr);
        Assert.Equal(7.25, Rear(stdout).GetProperty("lambda").GetDouble());
        Assert.Equal("min", Rear(stdout).GetProperty("aggregation").GetString());

        var (unknown, _, error) = await Support.Cli.Run([.. Base, "--profile", "nobody", "--database", database]);
        Assert.NotEqual(0, unknown);
        Assert.Contains("unknown profile 'nobody'", error);
        var (noDatabase, _, hint) = await Support.Cli.Run([.. Base, "--profile", "fitted"]);
        Assert.NotEqual(0, noDatabase);
        Assert.Contains("--database", hint);
    }
}
