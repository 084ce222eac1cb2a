using RearPlayground.Web.Components.Pages.Playground;

namespace RearPlayground.Web.Components.Shared;

/// <summary>A method's name as the Playground form shows it ("bon" → "Best-of-N"): the form's list is the one source.</summary>
public static class MethodNames
{
    /// <summary>The form's label; an unknown method (a run from an older version) as stored.</summary>
    public static string Label(string? method)
    {
        var key = method?.Trim().ToLowerInvariant();
        foreach (var (value, label) in RunFormModel.Methods)
            if (value == key) return label;
        return method ?? "";
    }
}
