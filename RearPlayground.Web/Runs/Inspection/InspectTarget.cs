namespace RearPlayground.Web.Runs.Inspection;

/// <summary>What to inspect: a stored candidate (its index; the greedy baseline's too), or a DVTS node's step or whole path.</summary>
public abstract record InspectTarget
{
    public sealed record Candidate(int Index) : InspectTarget;

    /// <summary>A node: its own step (<paramref name="WholePath"/> false), its ancestors forced as context, or root to node.</summary>
    public sealed record Node(int NodeId, bool WholePath) : InspectTarget;
}

/// <summary>Why an inspection has no answer: nothing such stored (404), or the run's model cannot be used here (409).</summary>
public enum InspectFailure { None, NotFound, ModelUnavailable }

/// <summary>An inspection, or why there is none (<see cref="Message"/> says it to the user).</summary>
public sealed record InspectOutcome(Worker.Rear.Inspection.TokenInspection? Inspection, InspectFailure Failure, string? Message)
{
    public static InspectOutcome Missing(string message) => new(null, InspectFailure.NotFound, message);
}
