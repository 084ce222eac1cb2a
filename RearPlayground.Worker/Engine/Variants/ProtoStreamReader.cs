using System.Text;

namespace RearPlayground.Worker.Engine.Variants;

/// <summary>
/// Reads protobuf wire format from a seekable stream without loading it: tags, varints, nested message bounds,
/// and skips by seeking, so a multi-gigabyte ONNX file's weights are stepped over, never read.
/// </summary>
internal sealed class ProtoStreamReader(Stream stream)
{
    public long Position => stream.Position;

    /// <summary>The next (field, wire type) before <paramref name="end"/>, or null at the end.</summary>
    public (int Field, int WireType)? NextTag(long end)
    {
        if (stream.Position >= end) return null;
        var key = ReadVarint();
        return ((int)(key >> 3), (int)(key & 7));
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = stream.ReadByte();
            if (b < 0) throw new FormatException("the file ends inside a number");
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new FormatException("a number is longer than 10 bytes");
    }

    /// <summary>The end position of a length-delimited field whose tag was just read.</summary>
    public long MessageEnd()
    {
        var length = (long)ReadVarint();
        var end = stream.Position + length;
        if (length < 0 || end > stream.Length) throw new FormatException("a field runs past the end of the file");
        return end;
    }

    public string ReadString()
    {
        var end = MessageEnd();
        var bytes = new byte[end - stream.Position];
        stream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: stream.Seek(8, SeekOrigin.Current); break;
            case 2: stream.Seek(MessageEnd(), SeekOrigin.Begin); break;
            case 5: stream.Seek(4, SeekOrigin.Current); break;
            default: throw new FormatException($"wire type {wireType} is not protobuf");
        }
    }

    public void SeekTo(long position) => stream.Seek(position, SeekOrigin.Begin);
}
