using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace RearPlayground.Worker.Engine;

/// <summary>Creates ONNX Runtime sessions on the requested device; <c>auto</c> falls back to CPU and says why.</summary>
public static class SessionFactory
{
    // ORT logs a failed CUDA load itself, in colour, on stderr; we log one line with the reason instead.
    private static readonly Lazy<OrtEnv> Environment = new(() =>
    {
        var options = new EnvironmentCreationOptions { logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        return OrtEnv.CreateInstanceWithOptions(ref options);
    });

    /// <summary>
    /// Whether ONNX Runtime's CUDA provider library loads here (CUDA and cuDNN found), checked once per process:
    /// <c>auto</c> picks a model's variant for CUDA when it does. The session may still fall back (no GPU).
    /// </summary>
    public static bool CudaLikely => CudaProvider.Value;

    private static readonly Lazy<bool> CudaProvider = new(() =>
    {
        _ = Environment.Value;
        try
        {
            using var options = new SessionOptions();
            options.AppendExecutionProvider_CUDA(0);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    });

    public static (InferenceSession Session, string Device) Create(string onnxPath, DeviceKind device, ILogger logger, int cudaDeviceId = 0)
    {
        _ = Environment.Value;
        if (device != DeviceKind.Cpu)
        {
            try
            {
                using var options = BaseOptions();
                options.AppendExecutionProvider_CUDA(cudaDeviceId);
                return (Open(onnxPath, options), "cuda");
            }
            catch (ModelLoadException) { throw; }
            catch (Exception e) when (device == DeviceKind.Auto)
            {
                logger.LogInformation("CUDA execution provider unavailable, running on CPU: {Reason}", FirstLine(e.Message));
            }
            catch (Exception e)
            {
                throw new ModelLoadException($"device cuda requested but the CUDA execution provider failed: {FirstLine(e.Message)}", e);
            }
        }
        using var cpu = BaseOptions();
        return (Open(onnxPath, cpu), "cpu");
    }

    /// <summary>Session options shared by the engine and the bench's bare loop, so both run the same ORT setup.</summary>
    public static SessionOptions BaseOptions()
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (int.TryParse(System.Environment.GetEnvironmentVariable("REAR_ORT_THREADS"), out var threads) && threads > 0)
            options.IntraOpNumThreads = threads;
        if (System.Environment.GetEnvironmentVariable("REAR_ORT_SPIN") is { } spin)
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", spin);
        // "1": threads spin within a model call but stop when it returns, freeing the cores for the web app between calls.
        if (System.Environment.GetEnvironmentVariable("REAR_ORT_SPIN_STOP") is { } stop)
            options.AddSessionConfigEntry("session.force_spinning_stop", stop);
        return options;
    }

    private static InferenceSession Open(string onnxPath, SessionOptions options)
    {
        try
        {
            return new InferenceSession(onnxPath, options);
        }
        catch (OnnxRuntimeException e) when (IsModelProblem(e))
        {
            throw new ModelLoadException($"cannot load ONNX model {onnxPath}: {FirstLine(e.Message)}", e);
        }
    }

    // Provider-library failures must reach the CUDA fallback; graph/protobuf failures are the file's fault.
    private static bool IsModelProblem(OnnxRuntimeException e) =>
        !e.Message.Contains("provider", StringComparison.OrdinalIgnoreCase) &&
        !e.Message.Contains("CUDA", StringComparison.Ordinal);

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();
}
