using System.Text;

namespace RearPlayground.Tests.Support;

/// <summary>
/// Writes a minimal ONNX ModelProto by hand (protobuf wire format): one Identity node from an int64
/// input to an output. Enough to test the loader's "unsupported IO layout" errors without python.
/// </summary>
public static class TinyOnnx
{
    public static byte[] Identity(string input, string output)
    {
        var node = Str(1, input) + Str(2, output) + Str(4, "Identity");
        var graph = Msg(1, node) + Str(2, "g") + Msg(11, ValueInfo(input)) + Msg(12, ValueInfo(output));
        var opset = Str(1, "") + Varint(2, 17);
        var model = Varint(1, 8) + Msg(7, graph) + Msg(8, opset);
        return Encoding.Latin1.GetBytes(model);
    }

    private static string ValueInfo(string name)
    {
        var dims = Msg(1, Str(2, "batch")) + Msg(1, Str(2, "seq"));
        var tensorType = Varint(1, 7) + Msg(2, dims); // elem_type 7 = int64
        return Str(1, name) + Msg(2, Msg(1, tensorType));
    }

    // Strings below hold raw bytes as Latin-1 chars, so lengths are byte counts.
    private static string Key(int field, int wire) => V((ulong)((field << 3) | wire));
    private static string Varint(int field, ulong value) => Key(field, 0) + V(value);
    private static string Str(int field, string s) => Key(field, 2) + V((ulong)Encoding.UTF8.GetByteCount(s)) + Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(s));
    private static string Msg(int field, string body) => Key(field, 2) + V((ulong)body.Length) + body;

    private static string V(ulong n)
    {
        var sb = new StringBuilder();
        do
        {
            var b = (byte)(n & 0x7F);
            n >>= 7;
            sb.Append((char)(n != 0 ? b | 0x80 : b));
        } while (n != 0);
        return sb.ToString();
    }
}
