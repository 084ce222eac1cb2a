using System.Text;

namespace RearPlayground.Tests.Support;

/// <summary>
/// The few protobuf wire-format writes an ONNX file needs (varints, length-delimited fields), so tests can build
/// ONNX graphs without python or the onnx package. Each message is its own writer; nesting copies its bytes.
/// </summary>
public sealed class ProtoWriter
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public byte[] ToArray() => [.. _bytes];

    /// <summary>Any varint field: int32/int64/enum/bool. Negative values take 10 bytes, as protobuf's int64 does.</summary>
    public ProtoWriter Varint(int field, long value)
    {
        Key(field, 0);
        WriteVarint((ulong)value);
        return this;
    }

    /// <summary>A float field (wire type 5, little-endian).</summary>
    public ProtoWriter Fixed32(int field, float value)
    {
        Key(field, 5);
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        foreach (var b in bytes) _bytes.Add(b);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Key(field, 2);
        WriteVarint((ulong)value.Length);
        foreach (var b in value) _bytes.Add(b);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    private void Key(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong n)
    {
        do
        {
            var b = (byte)(n & 0x7F);
            n >>= 7;
            _bytes.Add(n != 0 ? (byte)(b | 0x80) : b);
        } while (n != 0);
    }
}
