using System.Text.Encodings.Web;
using System.Text.Json;
using RearPlayground.Worker.Engine.Chat;

namespace RearPlayground.Tests.Engine.Chat;

/// <summary>A throw-away model folder under the system temp directory, deleted on dispose.</summary>
internal sealed class TempModelFolder : IDisposable
{
    // Relaxed escaping keeps '<', '>' and '+' readable, as in the files transformers writes.
    private static readonly JsonSerializerOptions JsonOptions =
        new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public TempModelFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rear-chat-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string WriteFile(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes <c>tokenizer_config.json</c> with the given fields (null ones left out); returns its path.</summary>
    public string WriteTokenizerConfig(object? chatTemplate, object? bosToken = null, object? eosToken = null, bool? addBosToken = null)
    {
        var fields = new Dictionary<string, object?> { ["tokenizer_class"] = "PreTrainedTokenizerFast" };
        if (addBosToken is not null) fields["add_bos_token"] = addBosToken;
        if (bosToken is not null) fields["bos_token"] = bosToken;
        if (chatTemplate is not null) fields["chat_template"] = chatTemplate;
        if (eosToken is not null) fields["eos_token"] = eosToken;
        return WriteFile(TokenizerConfig.FileName, JsonSerializer.Serialize(fields, JsonOptions));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over cleanup.
        }
    }
}
