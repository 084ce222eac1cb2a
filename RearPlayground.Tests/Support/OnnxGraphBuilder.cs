using System.Runtime.InteropServices;

namespace RearPlayground.Tests.Support;

/// <summary>
/// Builds a small ONNX ModelProto (IR 8, default-domain opset 17, plus com.microsoft when a node uses it) by hand:
/// nodes, initializers and typed graph inputs/outputs with fixed or symbolic dims. Field numbers follow
/// onnx/onnx.proto; only what the test graphs use is covered.
/// </summary>
public sealed class OnnxGraphBuilder(string name = "g")
{
    /// <summary>TensorProto.DataType values.</summary>
    public const int Float = 1, UInt8 = 2, Int8 = 3, Int32 = 6, Int64 = 7, Bool = 9, Float16 = 10;

    /// <summary>The domain of ONNX Runtime's contrib operators (MatMulNBits …).</summary>
    public const string Microsoft = "com.microsoft";

    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<(string Name, int DataType, long[] Dims, byte[] Raw)> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private readonly HashSet<string> _domains = [];

    /// <summary>A node; <paramref name="intAttributes"/> covers the ops used here (axis, to).</summary>
    public OnnxGraphBuilder Node(string opType, string[] inputs, string[] outputs, params (string Name, long Value)[] intAttributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs) node.String(1, input);
        foreach (var output in outputs) node.String(2, output);
        node.String(3, $"{opType}_{_nodes.Count}").String(4, opType);
        foreach (var (attrName, value) in intAttributes)
            node.Message(5, new ProtoWriter().String(1, attrName).Varint(3, value).Varint(20, 2)); // type 2 = INT
        _nodes.Add(node);
        return this;
    }

    /// <summary>
    /// A node in <paramref name="domain"/> ("" = ONNX) with attributes of any kind the test graphs need:
    /// long (INT), long[] (INTS) or float (FLOAT).
    /// </summary>
    public OnnxGraphBuilder DomainNode(string domain, string opType, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs) node.String(1, input);
        foreach (var output in outputs) node.String(2, output);
        node.String(3, $"{opType}_{_nodes.Count}").String(4, opType);
        foreach (var (attrName, value) in attributes)
        {
            var attribute = new ProtoWriter().String(1, attrName);
            switch (value)
            {
                case long i: attribute.Varint(3, i).Varint(20, 2); break;
                case int i: attribute.Varint(3, i).Varint(20, 2); break;
                case float f: attribute.Fixed32(2, f).Varint(20, 1); break;
                case long[] ints:
                    foreach (var i in ints) attribute.Varint(8, i);
                    attribute.Varint(20, 7);
                    break;
                default: throw new ArgumentException($"attribute {attrName}: {value.GetType().Name} is not supported");
            }
            node.Message(5, attribute);
        }
        if (domain.Length > 0)
        {
            node.String(7, domain);
            _domains.Add(domain);
        }
        _nodes.Add(node);
        return this;
    }

    /// <summary>An ONNX-domain node with any attributes (see <see cref="DomainNode"/>).</summary>
    public OnnxGraphBuilder Op(string opType, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes) =>
        DomainNode("", opType, inputs, outputs, attributes);

    public OnnxGraphBuilder Float16Initializer(string tensorName, long[] dims, float[] values) =>
        Initializer(tensorName, Float16, dims, MemoryMarshal.AsBytes(values.Select(v => (Half)v).ToArray().AsSpan()));

    public OnnxGraphBuilder UInt8Initializer(string tensorName, long[] dims, byte[] values) =>
        Initializer(tensorName, UInt8, dims, values);

    public OnnxGraphBuilder Int8Initializer(string tensorName, long[] dims, sbyte[] values) =>
        Initializer(tensorName, Int8, dims, MemoryMarshal.AsBytes(values.AsSpan()));

    public OnnxGraphBuilder FloatInitializer(string tensorName, long[] dims, float[] values) =>
        Initializer(tensorName, Float, dims, MemoryMarshal.AsBytes(values.AsSpan()));

    public OnnxGraphBuilder Int64Initializer(string tensorName, long[] dims, long[] values) =>
        Initializer(tensorName, Int64, dims, MemoryMarshal.AsBytes(values.AsSpan()));

    /// <summary>A graph input; each dim is a fixed size (int/long) or a symbolic name (string).</summary>
    public OnnxGraphBuilder Input(string valueName, int elemType, params object[] dims)
    {
        _inputs.Add(ValueInfo(valueName, elemType, dims));
        return this;
    }

    public OnnxGraphBuilder Output(string valueName, int elemType, params object[] dims)
    {
        _outputs.Add(ValueInfo(valueName, elemType, dims));
        return this;
    }

    public byte[] ToModel(int opset = 17, long irVersion = 8) => ToModel(null, out _, opset, irVersion);

    /// <summary>
    /// The model with every initializer of at least <paramref name="minBytes"/> in an external data file named
    /// <paramref name="location"/> (beside the .onnx), whose bytes come back in <paramref name="data"/>.
    /// </summary>
    public byte[] ToModelWithExternalData(string location, out byte[] data, int minBytes = 1024) =>
        ToModel((location, minBytes), out data, 17, 8);

    private byte[] ToModel((string Location, int MinBytes)? external, out byte[] data, int opset, long irVersion)
    {
        var graph = new ProtoWriter();
        foreach (var node in _nodes) graph.Message(1, node);
        graph.String(2, name);
        var blob = new List<byte>();
        foreach (var (tensorName, dataType, dims, raw) in _initializers)
        {
            var tensor = new ProtoWriter();
            foreach (var d in dims) tensor.Varint(1, d);
            tensor.Varint(2, dataType).String(8, tensorName);
            if (external is { } e && raw.Length >= e.MinBytes)
            {
                // ONNX aligns external tensors; 64 bytes keeps any element type aligned.
                while (blob.Count % 64 != 0) blob.Add(0);
                tensor.Message(13, new ProtoWriter().String(1, "location").String(2, e.Location))
                    .Message(13, new ProtoWriter().String(1, "offset").String(2, blob.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    .Message(13, new ProtoWriter().String(1, "length").String(2, raw.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    .Varint(14, 1);
                blob.AddRange(raw);
            }
            else tensor.Bytes(9, raw);
            graph.Message(5, tensor);
        }
        data = [.. blob];
        foreach (var input in _inputs) graph.Message(11, input);
        foreach (var output in _outputs) graph.Message(12, output);
        var model = new ProtoWriter()
            .Varint(1, irVersion)
            .String(2, "RearPlayground.Tests")
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Varint(2, opset));
        foreach (var domain in _domains) model.Message(8, new ProtoWriter().String(1, domain).Varint(2, 1));
        return model.ToArray();
    }

    // raw_data is little-endian, which is what MemoryMarshal gives on every platform .NET runs tests on.
    private OnnxGraphBuilder Initializer(string tensorName, int dataType, long[] dims, ReadOnlySpan<byte> raw)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("raw_data must be little-endian");
        _initializers.Add((tensorName, dataType, dims, raw.ToArray()));
        return this;
    }

    private static ProtoWriter ValueInfo(string valueName, int elemType, object[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var dim in dims)
        {
            shape.Message(1, dim switch
            {
                string symbol => new ProtoWriter().String(2, symbol),
                int size => new ProtoWriter().Varint(1, size),
                long size => new ProtoWriter().Varint(1, size),
                _ => throw new ArgumentException($"dim {dim} is neither a size nor a symbol"),
            });
        }
        var tensorType = new ProtoWriter().Varint(1, elemType).Message(2, shape);
        return new ProtoWriter().String(1, valueName).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
