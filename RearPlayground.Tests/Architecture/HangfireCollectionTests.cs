using Mono.Cecil;
using Mono.Cecil.Cil;

namespace RearPlayground.Tests.Architecture;

/// <summary>
/// Hangfire keeps its job storage in a static (JobStorage.Current), so two web apps started at once in this process can
/// swap storages: a job enqueued in one is then never picked up ("still queued after 60 s"). Every test class that starts
/// the app (a WebAppFactory or a subclass: created, a class fixture or a constructor parameter) must therefore be in the
/// "Hangfire" collection, which runs them one at a time. Three new classes were not, and batch tests failed under load.
/// </summary>
public sealed class HangfireCollectionTests
{
    private const string Factory = "RearPlayground.Tests.Web.WebAppFactory";

    [Fact]
    public void Every_test_class_that_starts_the_web_app_is_in_the_Hangfire_collection()
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(AppContext.BaseDirectory);
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(HangfireCollectionTests).Assembly.Location,
            new ReaderParameters { AssemblyResolver = resolver });
        var types = assembly.MainModule.GetTypes().ToList();
        var testClasses = types.Where(t => t.DeclaringType is null && t.Methods.Any(IsTest)).ToList();
        Assert.True(testClasses.Count > 100, $"found only {testClasses.Count} test classes: the scan is broken");

        var startsApp = testClasses.Where(t => Uses(t, types).Any(IsApp)).ToList();
        Assert.Contains(startsApp, t => t.Name == "CampaignApiTests"); // the scan sees a class fixture
        Assert.Contains(startsApp, t => t.Name == "DatasetApiTests"); // and an app created in a method body
        var outside = startsApp.Where(t => !InSerialCollection(t, types)).Select(t => t.FullName).Order().ToList();
        Assert.True(outside.Count == 0, "start the web app outside the \"Hangfire\" collection: " + string.Join(", ", outside));
    }

    private static bool IsTest(MethodDefinition m) =>
        m.CustomAttributes.Any(a => a.AttributeType.Name is "FactAttribute" or "TheoryAttribute" or "LongFactAttribute" or "LongTheoryAttribute");

    private static bool InSerialCollection(TypeDefinition type, List<TypeDefinition> types)
    {
        var name = type.CustomAttributes.Where(a => a.AttributeType.Name == "CollectionAttribute")
            .Select(a => a.ConstructorArguments[0].Value as string).FirstOrDefault();
        if (name is null) return false;
        if (name == "Hangfire") return true;
        // A collection that never runs beside another (DisableParallelization) is safe too.
        return types.Any(t => t.CustomAttributes.Any(a => a.AttributeType.Name == "CollectionDefinitionAttribute"
            && a.ConstructorArguments.Count > 0 && Equals(a.ConstructorArguments[0].Value, name)
            && a.Properties.Any(p => p.Name == "DisableParallelization" && Equals(p.Argument.Value, true))));
    }

    private static bool IsApp(TypeReference reference)
    {
        try
        {
            for (var type = reference.Resolve(); type is not null; type = type.BaseType?.Resolve())
                if (type.FullName == Factory) return true;
        }
        catch (AssemblyResolutionException)
        {
            // Outside this assembly and its references: not ours.
        }
        return false;
    }

    /// <summary>The types a test class (and its nested, compiler-made types) names: fields, interfaces, parameters, and what its bodies create.</summary>
    private static IEnumerable<TypeReference> Uses(TypeDefinition type, List<TypeDefinition> all)
    {
        foreach (var t in all.Where(t => t == type || IsNestedIn(t, type)))
        {
            foreach (var i in t.Interfaces) foreach (var x in Expand(i.InterfaceType)) yield return x;
            foreach (var f in t.Fields) foreach (var x in Expand(f.FieldType)) yield return x;
            foreach (var m in t.Methods)
            {
                foreach (var p in m.Parameters) foreach (var x in Expand(p.ParameterType)) yield return x;
                if (!m.HasBody) continue;
                foreach (var v in m.Body.Variables) foreach (var x in Expand(v.VariableType)) yield return x;
                foreach (var op in m.Body.Instructions.Where(i => i.OpCode == OpCodes.Newobj).Select(i => i.Operand).OfType<MethodReference>())
                    foreach (var x in Expand(op.DeclaringType)) yield return x;
            }
        }
    }

    private static bool IsNestedIn(TypeDefinition t, TypeDefinition outer)
    {
        for (var d = t.DeclaringType; d is not null; d = d.DeclaringType) if (d == outer) return true;
        return false;
    }

    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        yield return type.GetElementType();
        if (type is GenericInstanceType generic)
            foreach (var argument in generic.GenericArguments) foreach (var x in Expand(argument)) yield return x;
    }
}
