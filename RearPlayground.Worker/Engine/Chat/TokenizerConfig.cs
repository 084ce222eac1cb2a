using System.Text.Json;

namespace RearPlayground.Worker.Engine.Chat;

/// <summary>
/// The chat-related parts of a Hugging Face model folder's <c>tokenizer_config.json</c> (optional file):
/// the Jinja chat template and the BOS/EOS token strings.
/// </summary>
/// <param name="ChatTemplateSource">Path of the file the template was read from (for error messages), or null.</param>
public sealed record TokenizerConfig(
    string? ChatTemplateJinja, string? BosToken, string? EosToken, bool? AddBosToken, string? ChatTemplateSource = null)
{
    public const string FileName = "tokenizer_config.json";
    /// <summary>Newer transformers versions save the template beside the config; when present it wins, as in transformers.</summary>
    public const string ChatTemplateFileName = "chat_template.jinja";
    /// <summary>Older exports keep bos/eos only here; used to fill what the config lacks.</summary>
    public const string SpecialTokensMapFileName = "special_tokens_map.json";

    public static TokenizerConfig Empty { get; } = new(null, null, null, null);

    private static readonly JsonDocumentOptions JsonOptions =
        new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads the folder's files; a folder without them gives <see cref="Empty"/> (a plain language model).</summary>
    /// <exception cref="ModelLoadException">A file is unreadable, not JSON, or has fields of the wrong type.</exception>
    public static TokenizerConfig Load(string modelFolder)
    {
        ArgumentNullException.ThrowIfNull(modelFolder);
        var path = Path.Combine(modelFolder, FileName);
        var config = File.Exists(path) ? Parse(ReadText(path), path) : Empty;

        var mapPath = Path.Combine(modelFolder, SpecialTokensMapFileName);
        if ((config.BosToken is null || config.EosToken is null) && File.Exists(mapPath))
        {
            var map = Parse(ReadText(mapPath), mapPath);
            config = config with { BosToken = config.BosToken ?? map.BosToken, EosToken = config.EosToken ?? map.EosToken };
        }

        var jinjaPath = Path.Combine(modelFolder, ChatTemplateFileName);
        if (File.Exists(jinjaPath))
            config = config with { ChatTemplateJinja = ReadText(jinjaPath), ChatTemplateSource = jinjaPath };
        return config;
    }

    /// <summary>Parses config JSON; <paramref name="source"/> names the file in error messages.</summary>
    public static TokenizerConfig Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"{source}: not valid JSON ({ex.Message})", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ModelLoadException($"{source}: expected a JSON object at the top level.");
            var template = ReadChatTemplate(root, source);
            return new TokenizerConfig(template, ReadToken(root, "bos_token", source), ReadToken(root, "eos_token", source),
                ReadBool(root, "add_bos_token", source), template is null ? null : source);
        }
    }

    /// <summary>A string, or a list of {name, template} of which the one named "default" is used (as transformers does).</summary>
    private static string? ReadChatTemplate(JsonElement root, string source)
    {
        if (!root.TryGetProperty("chat_template", out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        if (value.ValueKind != JsonValueKind.Array)
            throw new ModelLoadException($"{source}: chat_template must be a string or a list of {{name, template}}.");

        var names = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("template", out var text) || text.ValueKind != JsonValueKind.String)
                throw new ModelLoadException($"{source}: each chat_template entry must have a string name and template.");
            if (name.GetString() == "default")
                return text.GetString();
            names.Add(name.GetString()!);
        }
        throw new ModelLoadException(
            $"{source}: chat_template lists templates ({string.Join(", ", names)}) but none is named \"default\".");
    }

    /// <summary>A token given as a string or as an AddedToken object <c>{"content": …}</c>.</summary>
    private static string? ReadToken(JsonElement root, string key, string source)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        if (value.ValueKind == JsonValueKind.Object
            && value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            return content.GetString();
        throw new ModelLoadException($"{source}: {key} must be a string or an object with a string \"content\".");
    }

    private static bool? ReadBool(JsonElement root, string key, string source)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ModelLoadException($"{source}: {key} must be true or false."),
        };
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"{path}: cannot be read ({ex.Message})", ex);
        }
    }
}
