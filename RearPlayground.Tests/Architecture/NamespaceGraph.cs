using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RearPlayground.Tests.Architecture;

/// <summary>
/// Which top-level namespaces of an assembly use which, read from its IL with Mono.Cecil: base types, interfaces,
/// fields, properties, attributes, method signatures, locals and every type, method and field a method body touches
/// (so a dependency hidden in a body counts too). Nested and compiler-generated types (lambdas, async state machines)
/// count for the namespace of the type that declares them.
/// </summary>
internal sealed class NamespaceGraph
{
    /// <summary>Layer → layer → one example "From uses To", for messages.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Edges { get; }

    private NamespaceGraph(Dictionary<string, Dictionary<string, string>> edges) => Edges = edges;

    /// <summary>"RearPlayground.Worker.Search.Dvts" → "Search", "RearPlayground.Data.Runs" → "Data"; null outside the product.</summary>
    public static string? Layer(string? ns)
    {
        if (ns is null || !ns.StartsWith("RearPlayground.", StringComparison.Ordinal)) return null;
        var parts = ns.Split('.');
        if (parts[1] != "Worker") return parts[1];
        return parts.Length > 2 ? parts[2] : "Worker";
    }

    public static NamespaceGraph Read(string assemblyPath) => Read(assemblyPath, Layer);

    /// <summary>"RearPlayground.Web.Components.Pages.History" → "Components", "RearPlayground.Web.Runs" → "Runs"; null outside the web app.</summary>
    public static string? WebLayer(string? ns)
    {
        if (ns is null || !ns.StartsWith("RearPlayground.Web", StringComparison.Ordinal)) return null;
        var parts = ns.Split('.');
        return parts[1] != "Web" ? null : parts.Length > 2 ? parts[2] : "Web";
    }

    /// <summary>The graph of an assembly's namespaces, each mapped to its layer by <paramref name="layer"/> (null: not counted).</summary>
    public static NamespaceGraph Read(string assemblyPath, Func<string?, string?> layer)
    {
        var edges = new Dictionary<string, Dictionary<string, string>>();
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var outer = type;
            while (outer.DeclaringType is not null) outer = outer.DeclaringType;
            if (layer(outer.Namespace) is not { } from) continue;
            foreach (var used in Uses(type))
            {
                var target = used;
                while (target.DeclaringType is not null) target = target.DeclaringType;
                if (layer(target.Namespace) is not { } to || to == from) continue;
                if (!edges.TryGetValue(from, out var targets)) edges[from] = targets = [];
                targets.TryAdd(to, $"{type.FullName} uses {used.FullName}");
            }
        }
        return new NamespaceGraph(edges);
    }

    /// <summary>
    /// Each use, by a type of a namespace <paramref name="from"/> accepts, of a type <paramref name="target"/> accepts
    /// (by full name), as "From uses To": the same reading as the graph's, at the level of single types.
    /// </summary>
    public static IReadOnlyList<string> UsesOf(string assemblyPath, Func<string, bool> from, Func<string, bool> target)
    {
        var uses = new SortedSet<string>(StringComparer.Ordinal);
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var outer = type;
            while (outer.DeclaringType is not null) outer = outer.DeclaringType;
            if (!from(outer.Namespace)) continue;
            foreach (var used in Uses(type))
                if (target(used.FullName)) uses.Add($"{type.FullName} uses {used.FullName}");
        }
        return [.. uses];
    }

    /// <summary>A graph from given edges, to test the cycle finder itself.</summary>
    public static NamespaceGraph FromEdges(params (string From, string To)[] edges)
    {
        var graph = new Dictionary<string, Dictionary<string, string>>();
        foreach (var (from, to) in edges)
        {
            if (!graph.TryGetValue(from, out var targets)) graph[from] = targets = [];
            targets[to] = $"{from} uses {to}";
        }
        return new NamespaceGraph(graph);
    }

    public IReadOnlySet<string> Targets(string layer) =>
        Edges.TryGetValue(layer, out var t) ? t.Keys.ToHashSet() : new HashSet<string>();

    /// <summary>Every cycle's members (strongly connected components of more than one layer), by Tarjan's algorithm.</summary>
    public IReadOnlyList<string[]> Cycles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<string[]>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in Targets(v))
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (stack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); component.Add(x); } while (x != v);
            if (component.Count > 1) cycles.Add([.. component.Order()]);
        }
        foreach (var v in Edges.Keys.Concat(Edges.Values.SelectMany(t => t.Keys)).Distinct().Order())
            if (!index.ContainsKey(v)) Visit(v);
        return cycles;
    }

    private static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        IEnumerable<TypeReference> Attributes(ICustomAttributeProvider p) =>
            p.HasCustomAttributes ? p.CustomAttributes.SelectMany(a => Expand(a.AttributeType)) : [];

        foreach (var t in Attributes(type)) yield return t;
        if (type.BaseType is { } b) foreach (var t in Expand(b)) yield return t;
        foreach (var i in type.Interfaces) foreach (var t in Expand(i.InterfaceType)) yield return t;
        foreach (var f in type.Fields)
            foreach (var t in Expand(f.FieldType).Concat(Attributes(f))) yield return t;
        foreach (var p in type.Properties)
            foreach (var t in Expand(p.PropertyType).Concat(Attributes(p))) yield return t;
        foreach (var e in type.Events) foreach (var t in Expand(e.EventType)) yield return t;
        foreach (var m in type.Methods)
        {
            foreach (var t in Signature(m).Concat(Attributes(m))) yield return t;
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) foreach (var t in Expand(v.VariableType)) yield return t;
            foreach (var h in m.Body.ExceptionHandlers)
                if (h.CatchType is { } c) foreach (var t in Expand(c)) yield return t;
            foreach (var instruction in m.Body.Instructions)
                foreach (var t in Operand(instruction)) yield return t;
        }
    }

    private static IEnumerable<TypeReference> Operand(Instruction instruction) => instruction.Operand switch
    {
        TypeReference t => Expand(t),
        MethodReference m => Expand(m.DeclaringType).Concat(Signature(m))
            .Concat(m is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Expand) : []),
        FieldReference f => Expand(f.DeclaringType).Concat(Expand(f.FieldType)),
        _ => [],
    };

    private static IEnumerable<TypeReference> Signature(MethodReference m) =>
        Expand(m.ReturnType).Concat(m.Parameters.SelectMany(p => Expand(p.ParameterType)));

    // Arrays, by-refs, pointers and generic instances down to the named types in them.
    private static IEnumerable<TypeReference> Expand(TypeReference? type)
    {
        switch (type)
        {
            case null or GenericParameter:
                yield break;
            case GenericInstanceType g:
                foreach (var t in Expand(g.ElementType)) yield return t;
                foreach (var t in g.GenericArguments.SelectMany(Expand)) yield return t;
                yield break;
            case TypeSpecification s:
                foreach (var t in Expand(s.ElementType)) yield return t;
                yield break;
            default:
                yield return type;
                yield break;
        }
    }
}
