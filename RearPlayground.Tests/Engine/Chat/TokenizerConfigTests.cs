using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Chat;

namespace RearPlayground.Tests.Engine.Chat;

public class TokenizerConfigTests
{
    [Fact]
    public void MissingFile_GivesEmptyConfig()
    {
        using var folder = new TempModelFolder();

        Assert.Equal(TokenizerConfig.Empty, TokenizerConfig.Load(folder.Path));
    }

    [Fact]
    public void ReadsTemplateTokensAndAddBos()
    {
        using var folder = new TempModelFolder();
        var path = folder.WriteTokenizerConfig(ChatMlFixtures.OpenHermes, "<s>", "<|im_end|>", addBosToken: false);

        var config = TokenizerConfig.Load(folder.Path);

        Assert.Equal(new TokenizerConfig(ChatMlFixtures.OpenHermes, "<s>", "<|im_end|>", false, path), config);
    }

    [Fact]
    public void AddedTokenObjects_GiveTheirContent()
    {
        using var folder = new TempModelFolder();
        var bos = new Dictionary<string, object> { ["__type"] = "AddedToken", ["content"] = "<s>", ["lstrip"] = false };
        var eos = new Dictionary<string, object> { ["__type"] = "AddedToken", ["content"] = "</s>", ["rstrip"] = false };
        folder.WriteTokenizerConfig(chatTemplate: null, bos, eos, addBosToken: true);

        var config = TokenizerConfig.Load(folder.Path);

        Assert.Equal(("<s>", "</s>", (bool?)true), (config.BosToken, config.EosToken, config.AddBosToken));
        Assert.Null(config.ChatTemplateJinja);
    }

    [Fact]
    public void TemplateList_TakesTheDefaultOne()
    {
        using var folder = new TempModelFolder();
        object[] templates =
        [
            new Dictionary<string, string> { ["name"] = "tool_use", ["template"] = "{{ tools }}" },
            new Dictionary<string, string> { ["name"] = "default", ["template"] = ChatMlFixtures.Qwen2 },
        ];
        folder.WriteTokenizerConfig(templates, eosToken: "<|im_end|>");

        Assert.Equal(ChatMlFixtures.Qwen2, TokenizerConfig.Load(folder.Path).ChatTemplateJinja);
    }

    [Fact]
    public void TemplateListWithoutDefault_IsAnError()
    {
        using var folder = new TempModelFolder();
        object[] templates = [new Dictionary<string, string> { ["name"] = "tool_use", ["template"] = "{{ tools }}" }];
        folder.WriteTokenizerConfig(templates);

        var error = Assert.Throws<ModelLoadException>(() => TokenizerConfig.Load(folder.Path));
        Assert.Contains("default", error.Message);
        Assert.Contains("tool_use", error.Message);
    }

    [Fact]
    public void CorruptJson_IsAnErrorNamingTheFile()
    {
        using var folder = new TempModelFolder();
        var path = folder.WriteFile(TokenizerConfig.FileName, "{\"chat_template\": \"{% for m in messages %}");

        var error = Assert.Throws<ModelLoadException>(() => TokenizerConfig.Load(folder.Path));
        Assert.Contains(path, error.Message);
        Assert.Contains("JSON", error.Message);
    }

    [Fact]
    public void WrongFieldType_IsAnErrorNamingFileAndField()
    {
        using var folder = new TempModelFolder();
        var path = folder.WriteFile(TokenizerConfig.FileName, """{"bos_token": 1}""");

        var error = Assert.Throws<ModelLoadException>(() => TokenizerConfig.Load(folder.Path));
        Assert.Contains(path, error.Message);
        Assert.Contains("bos_token", error.Message);
    }

    [Fact]
    public void ChatTemplateJinjaFile_OverridesTheConfig()
    {
        using var folder = new TempModelFolder();
        folder.WriteTokenizerConfig(ChatMlFixtures.OpenHermes, "<s>", "</s>");
        var jinjaPath = folder.WriteFile(TokenizerConfig.ChatTemplateFileName, ChatMlFixtures.SmolLm2);

        var config = TokenizerConfig.Load(folder.Path);

        Assert.Equal(ChatMlFixtures.SmolLm2, config.ChatTemplateJinja);
        Assert.Equal(jinjaPath, config.ChatTemplateSource);
        Assert.Equal("<s>", config.BosToken);
    }

    [Fact]
    public void SpecialTokensMap_FillsMissingTokens()
    {
        using var folder = new TempModelFolder();
        folder.WriteTokenizerConfig(ChatMlFixtures.OpenHermes, eosToken: "<|im_end|>");
        folder.WriteFile(TokenizerConfig.SpecialTokensMapFileName,
            """{"bos_token": {"content": "<s>", "lstrip": false}, "eos_token": "</s>"}""");

        var config = TokenizerConfig.Load(folder.Path);

        Assert.Equal("<s>", config.BosToken);
        Assert.Equal("<|im_end|>", config.EosToken); // the config's own value wins
    }
}
