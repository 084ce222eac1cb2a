namespace RearPlayground.Tests.Stress;

/// <summary>A storage suite that prints figures: skipped unless REAR_LONG=1 (CI runs the quick guard only).</summary>
public sealed class StorageFiguresFactAttribute : FactAttribute
{
    public StorageFiguresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("REAR_LONG") != "1") Skip = "figures suite: set REAR_LONG=1 to run it";
    }
}
