using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;

namespace RearPlayground.Tests.Engine;

/// <summary>Every load error names the file or folder and says what is wrong.</summary>
public sealed class LoadErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rear-load-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Folder(string name, bool tokenizer = true, bool config = true)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        if (tokenizer) File.Copy(Path.Combine(SharedModels.Stories, "tokenizer.model"), Path.Combine(folder, "tokenizer.model"));
        if (config) File.Copy(Path.Combine(SharedModels.Stories, "config.json"), Path.Combine(folder, "config.json"));
        return folder;
    }

    [Fact]
    public void Missing_folder()
    {
        var e = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(Path.Combine(_dir, "absent"), DeviceKind.Cpu));
        Assert.Contains("model folder not found", e.Message);
        Assert.Contains("absent", e.Message);
    }

    [Fact]
    public void Missing_onnx()
    {
        var folder = Folder("no-onnx");
        var e = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(folder, DeviceKind.Cpu));
        Assert.Contains($"no ONNX model in {folder}", e.Message);
    }

    [Fact]
    public void Corrupt_onnx()
    {
        var folder = Folder("corrupt");
        File.WriteAllText(Path.Combine(folder, "model.onnx"), "this is not a protobuf");
        var e = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(folder, DeviceKind.Cpu));
        Assert.Contains("cannot load ONNX model", e.Message);
        Assert.Contains(Path.Combine(folder, "model.onnx"), e.Message);
    }

    [Fact]
    public void Missing_tokenizer()
    {
        var folder = Folder("no-tokenizer", tokenizer: false);
        File.Copy(Path.Combine(SharedModels.Stories, "model.onnx"), Path.Combine(folder, "model.onnx"));
        var e = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(folder, DeviceKind.Cpu));
        Assert.Contains("tokenizer", e.Message);
        Assert.Contains(folder, e.Message);
    }

    [Fact]
    public void Unreadable_tokenizer()
    {
        var folder = Folder("bad-tokenizer", tokenizer: false);
        File.Copy(Path.Combine(SharedModels.Stories, "model.onnx"), Path.Combine(folder, "model.onnx"));
        File.WriteAllBytes(Path.Combine(folder, "tokenizer.model"), [0xFF, 0xFF, 0x01, 0x02, 0x03]);
        var e = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(folder, DeviceKind.Cpu));
        Assert.Contains("tokenizer.model", e.Message);
    }

    [Fact]
    public void Unsupported_io_layout()
    {
        var folder = Folder("no-mask");
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), TinyOnnx.Identity("input_ids", "logits"));
        var e = Assert.Throws<ModelLoadException>(() => LanguageModel.Load(folder, DeviceKind.Cpu));
        Assert.Contains("unsupported IO layout", e.Message);
        Assert.Contains("attention_mask", e.Message);
        Assert.Contains(Path.Combine(folder, "model.onnx"), e.Message);
    }

    [Fact]
    public void Onnx_under_the_onnx_subfolder_is_found()
    {
        var folder = Folder("nested");
        Directory.CreateDirectory(Path.Combine(folder, "onnx"));
        File.Copy(Path.Combine(SharedModels.Stories, "model.onnx"), Path.Combine(folder, "onnx", "model.onnx"));
        using var model = LanguageModel.Load(folder, DeviceKind.Cpu);
        Assert.Equal(Path.Combine(folder, "onnx", "model.onnx"), model.OnnxPath);
    }

    [Fact]
    public void Prompt_longer_than_the_model_positions()
    {
        var longQuestion = string.Join(' ', Enumerable.Repeat("Once upon a time", 200));
        var e = Assert.Throws<ArgumentException>(() => BestOfN.Run(SharedModels.StoriesCpu, new SearchRequest(longQuestion, null, N: 1)));
        Assert.Contains("prompt too long", e.Message);
        Assert.Contains("512", e.Message);
        var near = string.Join(' ', Enumerable.Repeat("Once upon a time", 100));
        var fit = Assert.Throws<ArgumentException>(() => ContextBuilder.Build(SharedModels.StoriesCpu, near, null).EnsureFits(512, 128));
        Assert.Contains("lower max-tokens", fit.Message);
    }
}
