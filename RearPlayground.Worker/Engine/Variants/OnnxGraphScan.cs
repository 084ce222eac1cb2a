namespace RearPlayground.Worker.Engine.Variants;

/// <summary>
/// Walks an ONNX GraphProto (field numbers from onnx/onnx.proto): nodes (op type, "bits"), initializers (data type,
/// dims, external location; raw data skipped), graph inputs and outputs (element types).
/// </summary>
internal sealed class OnnxGraphScan
{
    private readonly Dictionary<string, long> _weightBytes = [];
    private readonly SortedSet<string> _ops = [];
    private readonly SortedSet<string> _external = [];
    private int? _nBits;
    private string? _kvType, _logitsType;

    public void Graph(ProtoStreamReader r, long end)
    {
        while (r.NextTag(end) is var (field, wire))
        {
            switch (field, wire)
            {
                case (1, 2): Node(r, r.MessageEnd()); break;
                case (5, 2): Initializer(r, r.MessageEnd()); break;
                case (11, 2): ValueInfo(r, r.MessageEnd(), input: true); break;
                case (12, 2): ValueInfo(r, r.MessageEnd(), input: false); break;
                default: r.Skip(wire); break;
            }
        }
    }

    public OnnxFileFacts ToFacts()
    {
        var weights = _weightBytes.Select(w => (Type: w.Key == "uint8" && _ops.Contains("MatMulNBits") ? $"int{_nBits ?? 4} (MatMulNBits)" : w.Key, w.Value))
            .GroupBy(w => w.Type).Select(g => (g.Key, g.Sum(w => w.Value))).OrderByDescending(w => w.Item2).ToList();
        return new OnnxFileFacts(_kvType, _logitsType, weights, [.. _ops], [.. _external]);
    }

    private void Node(ProtoStreamReader r, long end)
    {
        string? op = null;
        long? bits = null;
        while (r.NextTag(end) is var (field, wire))
        {
            if (field == 4 && wire == 2) op = r.ReadString();
            else if (field == 5 && wire == 2)
            {
                // Always read the attribute: a skipped one would leave the reader inside it.
                var value = BitsAttribute(r, r.MessageEnd());
                bits ??= value;
            }
            else r.Skip(wire);
        }
        if (op is not null && OnnxFileFacts.IsQuantizedOp(op))
        {
            _ops.Add(op);
            if (op == "MatMulNBits" && bits is not null) _nBits ??= (int)bits;
        }
    }

    private static long? BitsAttribute(ProtoStreamReader r, long end)
    {
        string? name = null;
        long? value = null;
        while (r.NextTag(end) is var (field, wire))
        {
            if (field == 1 && wire == 2) name = r.ReadString();
            else if (field == 3 && wire == 0) value = (long)r.ReadVarint();
            else r.Skip(wire);
        }
        return name == "bits" ? value : null;
    }

    private void Initializer(ProtoStreamReader r, long end)
    {
        var dims = new List<long>();
        var type = 0;
        string? location = null;
        while (r.NextTag(end) is var (field, wire))
        {
            switch (field, wire)
            {
                case (1, 0): dims.Add((long)r.ReadVarint()); break;
                case (1, 2): // packed dims
                    var dimsEnd = r.MessageEnd();
                    while (r.Position < dimsEnd) dims.Add((long)r.ReadVarint());
                    break;
                case (2, 0): type = (int)r.ReadVarint(); break;
                case (13, 2):
                    var entry = ExternalLocation(r, r.MessageEnd());
                    location ??= entry;
                    break;
                default: r.Skip(wire); break;
            }
        }
        r.SeekTo(end);
        if (location is not null) _external.Add(location);
        var (name, bits) = ElementType(type);
        var count = dims.Aggregate(1L, (a, d) => a * Math.Max(0, d));
        _weightBytes[name] = _weightBytes.GetValueOrDefault(name) + count * bits / 8;
    }

    private static string? ExternalLocation(ProtoStreamReader r, long end)
    {
        string? key = null, value = null;
        while (r.NextTag(end) is var (field, wire))
        {
            if (field == 1 && wire == 2) key = r.ReadString();
            else if (field == 2 && wire == 2) value = r.ReadString();
            else r.Skip(wire);
        }
        return key == "location" ? value : null;
    }

    // ValueInfoProto: name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1.
    private void ValueInfo(ProtoStreamReader r, long end, bool input)
    {
        string? name = null;
        int? type = null;
        while (r.NextTag(end) is var (field, wire))
        {
            if (field == 1 && wire == 2) name = r.ReadString();
            else if (field == 2 && wire == 2) type = TensorType(r, r.MessageEnd());
            else r.Skip(wire);
        }
        if (name is null || type is null) return;
        var typeName = ElementType(type.Value).Name;
        if (input && (name.StartsWith("past_key_values.", StringComparison.Ordinal) || name.StartsWith("past.", StringComparison.Ordinal))) _kvType ??= typeName;
        if (!input && name == "logits") _logitsType = typeName;
    }

    private static int? TensorType(ProtoStreamReader r, long end)
    {
        int? type = null;
        while (r.NextTag(end) is var (field, wire))
        {
            if (field == 1 && wire == 2)
            {
                var tensorEnd = r.MessageEnd();
                while (r.NextTag(tensorEnd) is var (f, w))
                {
                    if (f == 1 && w == 0) type = (int)r.ReadVarint();
                    else r.Skip(w);
                }
            }
            else r.Skip(wire);
        }
        return type;
    }

    /// <summary>TensorProto.DataType → name and bits per element.</summary>
    internal static (string Name, int Bits) ElementType(int type) => type switch
    {
        1 => ("float32", 32), 2 => ("uint8", 8), 3 => ("int8", 8), 4 => ("uint16", 16), 5 => ("int16", 16),
        6 => ("int32", 32), 7 => ("int64", 64), 9 => ("bool", 8), 10 => ("float16", 16), 11 => ("float64", 64),
        12 => ("uint32", 32), 13 => ("uint64", 64), 16 => ("bfloat16", 16), 21 => ("uint4", 4), 22 => ("int4", 4),
        _ => ($"type {type}", 8),
    };
}
