using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using RearPlayground.Worker.Engine.Chat;
using RearPlayground.Worker.Engine.Tokenization;
using RearPlayground.Worker.Engine.Variants;

namespace RearPlayground.Worker.Engine;

/// <summary>
/// A loaded decoder: ONNX session, IO layout, tokenizer and config facts. Thread-safe for
/// concurrent <see cref="Forward"/> calls on different <see cref="KvState"/>s (ORT sessions are).
/// </summary>
public sealed class LanguageModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtMemoryInfo _kvMemory;
    private readonly OrtAllocator? _deviceAllocator;

    // Before the first model loads: every process that runs the engine (app, worker, CLI, tests) gets it.
    static LanguageModel() => NativeHeap.KeepFreedMemory();

    public string Name { get; }
    public string Folder { get; }
    public string OnnxPath { get; }
    /// <summary>Which ONNX file of the folder this is (model_q4.onnx → "q4"), with its size and element types.</summary>
    public ModelVariant Variant { get; }
    public string Device { get; }
    public ModelIo Io { get; }
    public ModelConfig Config { get; }
    public ITextTokenizer Tokenizer { get; }
    public TokenizerConfig TokenizerConfig { get; }
    /// <summary>The recognised chat template; <see cref="ChatTemplateKind.None"/> for plain language models.</summary>
    public ChatTemplate Chat { get; }
    public bool IsChatModel => Chat.Kind != ChatTemplateKind.None;
    public int? BosId { get; }
    /// <summary>Ids that end a response: EOS from the configs and the tokenizer, and the chat template's end-of-turn tokens.</summary>
    public IReadOnlySet<int> EosIds { get; }
    public int MaxPositions { get; }
    /// <summary>
    /// Whether the graph accepts several new tokens on top of a cache (found by <see cref="CacheExtensionProbe"/> at
    /// load). Where it does not (attention masks built for "no cache or one new token", as onnxruntime-genai's older
    /// builder makes them), <see cref="Forward"/> feeds such passes one token at a time and teacher forcing runs from
    /// an empty cache: other calls, the same numbers.
    /// </summary>
    public bool CanExtendCache { get; private set; } = true;
    /// <summary>Why <see cref="CanExtendCache"/> is false (the runtime's error or the measured difference); null when it is true.</summary>
    public string? CacheExtensionProblem { get; private set; }
    internal TensorRowCopier Copier { get; }

    private LanguageModel(string name, string folder, ModelVariant variant, InferenceSession session, string device,
        ModelIo io, ModelConfig config, ITextTokenizer tokenizer, TokenizerConfig tokenizerConfig, ChatTemplate chat)
    {
        Name = name;
        Folder = folder;
        Variant = variant;
        OnnxPath = variant.Path;
        _session = session;
        Device = device;
        Io = io;
        Config = config;
        Tokenizer = tokenizer;
        TokenizerConfig = tokenizerConfig;
        Chat = chat;
        BosId = config.BosId ?? tokenizer.BosId;
        EosIds = config.EosIds
            .Concat(tokenizer.EosId is { } e ? [e] : [])
            .Concat(chat.StopTokens.Select(tokenizer.TokenToId).OfType<int>())
            .ToHashSet();
        MaxPositions = config.MaxPositions ?? int.MaxValue;
        if (device == "cuda")
        {
            _kvMemory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.Default);
            _deviceAllocator = new OrtAllocator(session, _kvMemory);
            Copier = new CudaRowCopier();
        }
        else
        {
            _kvMemory = OrtMemoryInfo.DefaultInstance;
            Copier = TensorRowCopier.Host;
        }
    }

    /// <summary>
    /// Loads a model by name (looked up by <paramref name="locator"/>: a folder name, a Hugging Face repository id in the
    /// hub cache) or by folder path; <paramref name="variant"/> names one of its ONNX files, else the device's default.
    /// </summary>
    public static LanguageModel Load(string nameOrPath, DeviceKind device = DeviceKind.Auto, ModelLocator? locator = null, ILogger? logger = null,
        string? variant = null)
    {
        locator ??= ModelLocator.Default();
        var folder = locator.Resolve(nameOrPath);
        var chosen = ModelVariants.Pick(folder, variant, device);
        var onnx = chosen.Path;
        var config = ModelConfig.Load(folder);
        var tokenizer = TokenizerLoader.Load(folder);
        var tokenizerConfig = TokenizerConfig.Load(folder);
        var chat = ChatTemplateDetector.Detect(tokenizerConfig);
        var (session, actualDevice) = SessionFactory.Create(onnx, device, logger ?? NullLogger.Instance);
        LanguageModel? model = null;
        try
        {
            var io = ModelIo.Read(session, config, onnx);
            model = new LanguageModel(ModelLocator.DisplayName(folder), folder, chosen, session, actualDevice, io, config, tokenizer, tokenizerConfig, chat);
            var probe = CacheExtensionProbe.Run(model);
            model.CanExtendCache = probe.CanExtend;
            model.CacheExtensionProblem = probe.Problem;
            if (!probe.CanExtend)
                (logger ?? NullLogger.Instance).LogInformation(
                    "{Model}: the graph cannot extend a cache by several tokens ({Problem}); such passes run one token at a time, teacher forcing from an empty cache",
                    model.Name, probe.Problem);
            return model;
        }
        catch
        {
            if (model is not null) model.Dispose();
            else session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// SHA-256 of the variant's ONNX file followed by its external data files, so a stored run names exactly which
    /// weights produced it (for a single-file model: the file's SHA-256, the hub's LFS id).
    /// </summary>
    public string ComputeOnnxHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var file in Variant.Files.Where(File.Exists))
        {
            using var stream = File.OpenRead(file);
            int read;
            while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    internal OrtValue AllocateKv(int batch, int length, bool onDevice)
    {
        long[] shape = [batch, Io.KvHeads, length, Io.HeadDim];
        var allocator = onDevice && _deviceAllocator is not null ? _deviceAllocator : OrtAllocator.DefaultInstance;
        return OrtValue.CreateAllocatedTensorValue(allocator, Io.KvType, shape);
    }

    /// <summary>
    /// Runs <paramref name="tokens"/> ([state.Batch, seqLen], row-major) through the model on top of
    /// <paramref name="state"/> and appends them to it. Positions where <paramref name="valid"/> is false
    /// are padding: masked out now and for every later step, and they take no position id.
    /// On a graph that cannot extend a cache (<see cref="CanExtendCache"/>) a multi-token pass on a non-empty
    /// state is fed one token at a time, with the same logits and the same resulting state.
    /// </summary>
    public ForwardOutput Forward(KvState state, ReadOnlySpan<int> tokens, int seqLen, ReadOnlySpan<bool> valid = default,
        CancellationToken cancellationToken = default) =>
        !CanExtendCache && state.Length > 0 && seqLen > 1
            ? IncrementalForward.Run(this, state, tokens, seqLen, valid, cancellationToken)
            : ForwardOnce(state, tokens, seqLen, valid, cancellationToken);

    /// <summary>One ONNX Runtime call for the whole pass, whatever the graph supports.</summary>
    internal ForwardOutput ForwardOnce(KvState state, ReadOnlySpan<int> tokens, int seqLen, ReadOnlySpan<bool> valid = default,
        CancellationToken cancellationToken = default)
    {
        var batch = state.Batch;
        if (tokens.Length != batch * seqLen) throw new ArgumentException("tokens must be batch × seqLen");
        var total = state.Length + seqLen;
        var ids = new long[batch * seqLen];
        var positions = new long[batch * seqLen];
        var mask = new long[batch * total];
        var nextPositions = new long[batch];
        for (var b = 0; b < batch; b++)
        {
            Array.Copy(state.Mask, b * state.Length, mask, b * total, state.Length);
            var next = state.NextPosition[b];
            for (var s = 0; s < seqLen; s++)
            {
                var i = b * seqLen + s;
                var real = valid.IsEmpty || valid[i];
                ids[i] = tokens[i];
                positions[i] = real ? next : Math.Max(0, next - 1);
                mask[b * total + state.Length + s] = real ? 1 : 0;
                if (real) next++;
            }
            if (next > MaxPositions)
                throw new InvalidOperationException($"sequence reaches {next} positions; the model supports {MaxPositions}");
            nextPositions[b] = next;
        }

        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [batch, seqLen]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [batch, total]);
        using var posValue = OrtValue.CreateTensorValueFromMemory(positions, [batch, seqLen]);
        using var branchValue = OrtValue.CreateTensorValueFromMemory(new[] { state.Length > 0 }, [1]);
        using var binding = _session.CreateIoBinding();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);

        binding.BindInput(ModelIo.InputIds, idsValue);
        binding.BindInput(ModelIo.AttentionMask, maskValue);
        if (Io.HasPositionIds) binding.BindInput(ModelIo.PositionIds, posValue);
        if (Io.HasUseCacheBranch) binding.BindInput(ModelIo.UseCacheBranch, branchValue);
        for (var l = 0; l < Io.Layers; l++)
        {
            binding.BindInput(Io.PastKeyNames[l], state.Keys[l]);
            binding.BindInput(Io.PastValueNames[l], state.Values[l]);
        }
        binding.BindOutputToDevice(ModelIo.Logits, OrtMemoryInfo.DefaultInstance);
        for (var l = 0; l < Io.Layers; l++)
        {
            binding.BindOutputToDevice(Io.PresentKeyNames[l], _kvMemory);
            binding.BindOutputToDevice(Io.PresentValueNames[l], _kvMemory);
        }

        IDisposableReadOnlyCollection<OrtValue> results;
        try
        {
            results = _session.RunWithBoundResults(runOptions, binding);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        // Ownership of each OrtValue moves to the output and the state; the list itself holds nothing else.
        var keys = new OrtValue[Io.Layers];
        var values = new OrtValue[Io.Layers];
        for (var l = 0; l < Io.Layers; l++)
        {
            keys[l] = results[1 + 2 * l];
            values[l] = results[2 + 2 * l];
        }
        state.Advance(keys, values, mask, total);
        nextPositions.CopyTo(state.NextPosition, 0);
        return new ForwardOutput(results[0], Io.LogitsType, batch, seqLen, Io.VocabSize);
    }

    public void Dispose()
    {
        _deviceAllocator?.Dispose();
        _session.Dispose();
    }
}
