using System.Text;

namespace RearPlayground.Tests.Engine.Tokenization;

/// <summary>
/// Reads the pieces of a SentencePiece <c>tokenizer.model</c> (protobuf ModelProto, field 1) with their scores and
/// types, so tests can derive an equivalent tokenizer.json. Only the fields needed here are decoded.
/// </summary>
internal static class SentencePieceModelReader
{
    /// <summary>SentencePiece piece types (sentencepiece_model.proto).</summary>
    public enum PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 }

    public sealed record Piece(string Text, float Score, PieceType Type);

    public static List<Piece> ReadPieces(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        var pieces = new List<Piece>();
        int pos = 0;
        while (pos < data.Length)
        {
            (int field, int wire) = ReadKey(data, ref pos);
            if (field == 1 && wire == 2)
            {
                int len = (int)ReadVarint(data, ref pos);
                pieces.Add(ReadPiece(data.AsSpan(pos, len)));
                pos += len;
            }
            else
            {
                Skip(data, ref pos, wire);
            }
        }
        return pieces;
    }

    private static Piece ReadPiece(ReadOnlySpan<byte> data)
    {
        string text = "";
        float score = 0;
        var type = PieceType.Normal;
        byte[] copy = data.ToArray();
        int pos = 0;
        while (pos < copy.Length)
        {
            (int field, int wire) = ReadKey(copy, ref pos);
            switch (field, wire)
            {
                case (1, 2):
                    int len = (int)ReadVarint(copy, ref pos);
                    text = Encoding.UTF8.GetString(copy, pos, len);
                    pos += len;
                    break;
                case (2, 5):
                    score = BitConverter.ToSingle(copy, pos);
                    pos += 4;
                    break;
                case (3, 0):
                    type = (PieceType)ReadVarint(copy, ref pos);
                    break;
                default:
                    Skip(copy, ref pos, wire);
                    break;
            }
        }
        return new Piece(text, score, type);
    }

    private static (int Field, int Wire) ReadKey(byte[] data, ref int pos)
    {
        ulong key = ReadVarint(data, ref pos);
        return ((int)(key >> 3), (int)(key & 7));
    }

    private static ulong ReadVarint(byte[] data, ref int pos)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }

    private static void Skip(byte[] data, ref int pos, int wire)
    {
        switch (wire)
        {
            case 0: ReadVarint(data, ref pos); break;
            case 1: pos += 8; break;
            case 2:
                int len = (int)ReadVarint(data, ref pos); // read first: "pos += Read(ref pos)" would lose the varint's bytes
                pos += len;
                break;
            case 5: pos += 4; break;
            default: throw new InvalidDataException($"protobuf wire type {wire} not expected in a SentencePiece model");
        }
    }
}
