using System.Text.Json.Nodes;
using RearPlayground.Worker.Engine.Tokenization;

namespace RearPlayground.Tests.Engine.Tokenization;

/// <summary>A fresh folder under the system temp dir, deleted on dispose (tests never write into the repository's models).</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rear-tok-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="json"/> (and a tokenizer_config.json if given) to a fresh folder and loads it.</summary>
    public static HfBpeTokenizer LoadTokenizerJson(JsonNode json, string? tokenizerConfig = null)
    {
        using var folder = new TempFolder();
        System.IO.File.WriteAllText(folder.File(HfTokenizerJson.FileName), json.ToJsonString());
        if (tokenizerConfig is not null) System.IO.File.WriteAllText(folder.File(HfTokenizerJson.ConfigFileName), tokenizerConfig);
        return HfTokenizerJson.Load(folder.File(HfTokenizerJson.FileName));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; don't fail the test for it.
        }
    }
}
