namespace RearPlayground.Data;

/// <summary>Placeholder until the run history lands (issue 4): the project exists so the layout is fixed.</summary>
public static class AssemblyMarker;
