using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RearPlayground.Tests.Engine;

/// <summary>The loader on the test twins: fp16 IO, random weights, IO facts from the ONNX metadata.</summary>
public class ModelVariantsTests
{
    private static readonly int[] Prompt = [1, 403, 407, 261, 378];

    [Fact]
    public void Reads_layers_kv_heads_and_head_size_from_the_onnx_metadata()
    {
        var io = SharedModels.StoriesCpu.Io;
        Assert.Equal(5, io.Layers);
        Assert.Equal(4, io.KvHeads);
        Assert.Equal(8, io.HeadDim);
        Assert.Equal(512, io.VocabSize);
        Assert.Equal(TensorElementType.Float, io.KvType);
        Assert.True(io.HasPositionIds);
        Assert.Equal(512, SharedModels.StoriesCpu.MaxPositions);
        Assert.Equal(1, SharedModels.StoriesCpu.BosId);
        Assert.Contains(2, SharedModels.StoriesCpu.EosIds);
        Assert.Equal("cpu", SharedModels.StoriesCpu.Device);
    }

    [Fact]
    public void Fp16_twin_gives_the_same_greedy_ids_for_40_tokens()
    {
        using var half = LanguageModel.Load(SharedModels.Fp16, DeviceKind.Cpu);
        Assert.Equal(TensorElementType.Float16, half.Io.KvType);
        Assert.Equal(TensorElementType.Float16, half.Io.LogitsType);
        var request = new GenerationRequest(Prompt, 1, 40, SamplingOptions.Greedy, 0, new HashSet<int>());
        var full = BatchGenerator.Generate(SharedModels.StoriesCpu, request).Sequences[0];
        var fp16 = BatchGenerator.Generate(half, request).Sequences[0];
        Assert.Equal(full.TokenIds, fp16.TokenIds);
        for (var t = 0; t < 40; t++) Assert.True(Math.Abs(full.LogProbs[t] - fp16.LogProbs[t]) < 0.05, $"token {t}");
    }

    [Fact]
    public void Random_twin_loads_and_generates_other_text_with_valid_logprobs()
    {
        using var random = LanguageModel.Load(SharedModels.Random, DeviceKind.Cpu);
        var request = new GenerationRequest(Prompt, 2, 20, new SamplingOptions(), 3, random.EosIds);
        var sequences = BatchGenerator.Generate(random, request).Sequences;
        var greedyStories = BatchGenerator.Generate(SharedModels.StoriesCpu, request with { Count = 1, Sampling = SamplingOptions.Greedy }).Sequences[0];
        var greedyRandom = BatchGenerator.Generate(random, request with { Count = 1, Sampling = SamplingOptions.Greedy }).Sequences[0];
        Assert.NotEqual(greedyStories.TokenIds, greedyRandom.TokenIds);
        Assert.All(sequences.SelectMany(s => s.LogProbs), l => Assert.True(l <= 0 && float.IsFinite(l)));
    }

    [Fact]
    public void Resolves_models_by_name_in_the_default_directories()
    {
        var locator = ModelLocator.Default([SharedModels.TestModels]);
        Assert.Equal(Path.GetFullPath(SharedModels.Stories), locator.Resolve("stories260K"));
        Assert.Equal(Path.GetFullPath(SharedModels.Random), locator.Resolve("random-260K"));
        Assert.Contains(locator.Discover(), m => m.Name == "stories260K");
    }
}
