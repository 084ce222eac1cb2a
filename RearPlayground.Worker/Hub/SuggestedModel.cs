namespace RearPlayground.Worker.Hub;

/// <summary>
/// The small instruct model the app names when it has none (an ONNX export in the onnx/ layout the pull handles, its
/// 4-bit variant a download of about a hundred MB): a suggestion only, never fetched unasked.
/// </summary>
public static class SuggestedModel
{
    public const string Repo = "onnx-community/SmolLM2-135M-Instruct-ONNX";
    public const string Variant = "q4";

    /// <summary>The Models page with its pull form filled in with the suggestion.</summary>
    public static string PullPage => $"/models?repo={Uri.EscapeDataString(Repo)}&variant={Variant}";
}
