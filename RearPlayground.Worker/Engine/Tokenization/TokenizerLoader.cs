namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>Finds and loads the tokenizer of a model folder.</summary>
public static class TokenizerLoader
{
    /// <summary>
    /// Loads <c>tokenizer.json</c> when the folder has one (it carries the added tokens and pre-tokenizer a chat
    /// model needs), else the SentencePiece <c>tokenizer.model</c>.
    /// </summary>
    /// <exception cref="ModelLoadException">No tokenizer file, or the file is unreadable, corrupt or unsupported.</exception>
    public static ITextTokenizer Load(string modelFolder)
    {
        string json = Path.Combine(modelFolder, HfTokenizerJson.FileName);
        if (File.Exists(json)) return HfTokenizerJson.Load(json);

        string model = Path.Combine(modelFolder, SentencePieceTokenizer.FileName);
        if (File.Exists(model)) return SentencePieceTokenizer.Load(model);

        throw new ModelLoadException($"no {HfTokenizerJson.FileName} or {SentencePieceTokenizer.FileName} in {modelFolder}");
    }
}
