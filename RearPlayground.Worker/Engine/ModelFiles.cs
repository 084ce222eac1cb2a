namespace RearPlayground.Worker.Engine;

/// <summary>Where the ONNX graph of a Hugging Face export folder lives.</summary>
public static class ModelFiles
{
    // Order matters: a plain decoder with past inputs first, then Optimum's merged decoder.
    private static readonly string[] OnnxCandidates =
    [
        "model.onnx", "decoder_model_merged.onnx",
        Path.Combine("onnx", "model.onnx"), Path.Combine("onnx", "decoder_model_merged.onnx"),
    ];

    public static string FindOnnx(string folder)
    {
        foreach (var rel in OnnxCandidates)
        {
            var path = Path.Combine(folder, rel);
            if (File.Exists(path)) return path;
        }
        throw new ModelLoadException(
            $"no ONNX model in {folder}: expected one of {string.Join(", ", OnnxCandidates)}");
    }
}
