namespace RearPlayground.Tests.Support;

/// <summary>
/// A minimal ONNX model: one Identity node from an int64 input to an output. Enough to test the loader's
/// "unsupported IO layout" errors without python.
/// </summary>
public static class TinyOnnx
{
    public static byte[] Identity(string input, string output) =>
        new OnnxGraphBuilder()
            .Node("Identity", [input], [output])
            .Input(input, OnnxGraphBuilder.Int64, "batch", "seq")
            .Output(output, OnnxGraphBuilder.Int64, "batch", "seq")
            .ToModel();
}
