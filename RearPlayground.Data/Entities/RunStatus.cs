namespace RearPlayground.Data.Entities;

/// <summary>A run's life: Queued → Running → Succeeded | Failed | Cancelled; Interrupted when its process died.</summary>
public enum RunStatus { Queued, Running, Succeeded, Failed, Cancelled, Interrupted }

public static class RunStatusExtensions
{
    public static bool IsTerminal(this RunStatus s) => s is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled or RunStatus.Interrupted;
}
