namespace RearPlayground.Tests.Stress;

/// <summary>
/// A suite that takes minutes and prints figures: skipped unless REAR_LONG=1, so CI (and the README's test command)
/// leave it out. Run it with
/// <c>REAR_LONG=1 dotnet test RearPlayground.Tests --filter "FullyQualifiedName~Stress.Load" --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class LongFactAttribute : FactAttribute
{
    public LongFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("REAR_LONG") != "1") Skip = "long suite: set REAR_LONG=1 to run it";
    }
}
