using RearPlayground.Tests.Support.Attention;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Engine.Variants;
using RearPlayground.Worker.Search;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Engine.Variants;

/// <summary>One folder, four exports of the same weights (fp32, fp16, 4-bit MatMulNBits, 8-bit MatMulInteger).</summary>
public sealed class VariantFolderFixture : IDisposable
{
    public AttentionModel Files { get; } = AttentionModel.CreateVariants(MaskKind.Proper,
        WeightFormat.Fp32, WeightFormat.Fp16, WeightFormat.Q4, WeightFormat.Int8);

    public void Dispose() => Files.Dispose();
}

/// <summary>
/// Quantized variants load and give candidates; their greedy tokens are reported against fp32 (printed, not demanded
/// equal: quantization may change a close call).
/// </summary>
public class QuantizedVariantsTests(VariantFolderFixture folder, ITestOutputHelper output) : IClassFixture<VariantFolderFixture>
{
    [Fact]
    public void Every_file_is_a_variant_with_its_size_and_element_types()
    {
        var variants = ModelVariants.List(folder.Files.Folder);
        output.WriteLine(string.Join("\n", variants.Select(v => $"{v.Name}: {v.Bytes} bytes, {v.ElementTypes}")));
        Assert.Equal(["fp16", "fp32", "int8", "q4"], variants.Select(v => v.Name).Order());
        var byName = variants.ToDictionary(v => v.Name);
        Assert.All(variants, v => Assert.Null(v.FactsError));
        Assert.Equal("onnx/model_q4.onnx", byName["q4"].RelativePath);
        Assert.Equal(VariantKind.Q4, byName["q4"].Kind);
        Assert.Equal(VariantKind.Int8, byName["int8"].Kind);
        Assert.Equal(VariantKind.Fp16, byName["fp16"].Kind);
        Assert.Equal(VariantKind.Fp32, byName["fp32"].Kind);
        Assert.Contains("MatMulNBits", byName["q4"].Facts!.QuantizedOps);
        Assert.Contains("int4 (MatMulNBits)", byName["q4"].Facts!.WeightSummary);
        Assert.Contains("MatMulInteger", byName["int8"].Facts!.QuantizedOps);
        Assert.Equal("float16", byName["fp16"].Facts!.KvType);
        Assert.Equal("float16", byName["fp16"].Facts!.LogitsType);
        Assert.Equal("float32", byName["q4"].Facts!.LogitsType);
        foreach (var v in variants) Assert.Equal(new FileInfo(v.Path).Length, v.Bytes);
        Assert.True(byName["q4"].Bytes < byName["fp32"].Bytes);
    }

    [Fact]
    public void Without_a_choice_cpu_takes_fp32_and_cuda_fp16()
    {
        var variants = ModelVariants.List(folder.Files.Folder);
        Assert.Equal("fp32", ModelVariants.Default(variants, DeviceKind.Cpu).Name);
        Assert.Equal("fp16", ModelVariants.Default(variants, DeviceKind.Cuda).Name);
        Assert.Equal("q4", ModelVariants.Default(variants.Where(v => v.Name != "fp32").ToList(), DeviceKind.Cpu).Name);
        using var model = folder.Files.Load();
        Assert.Equal("fp32", model.Variant.Name);
    }

    [Fact]
    public void A_variant_is_named_by_its_name_its_file_or_its_path_and_a_wrong_one_is_a_clear_error()
    {
        Assert.Equal("q4", ModelVariants.Pick(folder.Files.Folder, "Q4", DeviceKind.Cpu).Name);
        Assert.Equal("q4", ModelVariants.Pick(folder.Files.Folder, "model_q4", DeviceKind.Cpu).Name);
        Assert.Equal("q4", ModelVariants.Pick(folder.Files.Folder, "onnx/model_q4.onnx", DeviceKind.Cpu).Name);
        var e = Assert.Throws<ModelLoadException>(() => ModelVariants.Pick(folder.Files.Folder, "q8", DeviceKind.Cpu));
        Assert.Contains("unknown variant 'q8'", e.Message);
        Assert.Contains("use fp32, q4, fp16, int8", e.Message);
    }

    [Theory]
    [InlineData("q4")]
    [InlineData("int8")]
    [InlineData("fp16")]
    public void A_quantized_variant_loads_gives_candidates_and_its_greedy_tokens_are_reported_against_fp32(string variant)
    {
        using var fp32 = folder.Files.Load("fp32");
        using var other = folder.Files.Load(variant);
        Assert.Equal(variant, other.Variant.Name);
        Assert.True(other.CanExtendCache, other.CacheExtensionProblem);

        var request = new SearchRequest(" once upon", " the cat", N: 8, MaxTokens: 24, Seed: 5, Separator: "\n\n");
        var bon = SearchRunner.Run(other, request);
        Assert.Equal(8, bon.Candidates.Count);
        Assert.All(bon.Candidates, c => Assert.All(c.LogProbsWith, l => Assert.True(float.IsFinite(l) && l <= 1e-5)));
        var dvts = SearchRunner.Run(other, request with { Method = "dvts", M = 2, StepTokens = 4 });
        Assert.Equal(4, dvts.Candidates.Count);

        var agreement = GreedyAgreement(fp32, other, [0, 3], 40);
        output.WriteLine($"greedy agreement {variant} vs fp32 over 40 tokens: {agreement.Same}/{agreement.Total} tokens equal, first difference at {agreement.FirstDifference?.ToString() ?? "none"}; max |Δ log-prob| on the fp32 path {agreement.MaxLogProbDifference:g3}");
        Assert.True(agreement.MaxLogProbDifference < 1, "a quantized variant of the same weights stays close to fp32");
    }

    internal static (int Same, int Total, int? FirstDifference, double MaxLogProbDifference) GreedyAgreement(LanguageModel reference, LanguageModel other, int[] context, int tokens)
    {
        var request = new GenerationRequest(context, 1, tokens, SamplingOptions.Greedy, 0, new HashSet<int>());
        var a = BatchGenerator.Generate(reference, request).Sequences[0];
        var b = BatchGenerator.Generate(other, request).Sequences[0];
        var same = a.TokenIds.Zip(b.TokenIds).Count(p => p.First == p.Second);
        int? first = Enumerable.Range(0, a.TokenIds.Length).Cast<int?>().FirstOrDefault(i => a.TokenIds[i!.Value] != b.TokenIds[i.Value]);
        var forced = TeacherForcer.Score(other, context, [a.TokenIds])[0];
        var max = a.LogProbs.Zip(forced).Max(p => Math.Abs(p.First - p.Second));
        return (same, a.TokenIds.Length, first, max);
    }
}

/// <summary>A variant whose weights sit in an external data file: counted in its size, found, loaded.</summary>
public class ExternalDataVariantTests
{
    [Fact]
    public void The_external_data_file_counts_in_the_size_and_the_model_loads()
    {
        using var files = AttentionModel.CreateWithExternalData(MaskKind.Proper, WeightFormat.Q4);
        var fp32 = ModelVariants.Pick(files.Folder, "fp32", DeviceKind.Cpu);
        var data = Path.Combine(files.Folder, "onnx", "model.onnx_data");
        Assert.Equal(["model.onnx_data"], fp32.Facts!.ExternalFiles);
        Assert.Equal(new FileInfo(fp32.Path).Length + new FileInfo(data).Length, fp32.Bytes);
        Assert.True(new FileInfo(data).Length > new FileInfo(fp32.Path).Length);
        Assert.Equal([fp32.Path, data], fp32.Files);
        using var model = files.Load("fp32");
        var result = SearchRunner.Run(model, new SearchRequest(" once upon", " the cat", N: 4, MaxTokens: 8));
        Assert.Equal(4, result.Candidates.Count);
        Assert.Equal(64, model.ComputeOnnxHash().Length);
    }
}
