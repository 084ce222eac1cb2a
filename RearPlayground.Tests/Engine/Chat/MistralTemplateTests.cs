using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Chat;
using static RearPlayground.Tests.Engine.Chat.ChatTestData;

namespace RearPlayground.Tests.Engine.Chat;

public class MistralTemplateTests
{
    private static ChatTemplate Load(string jinja) => LoadTemplate(jinja, "<s>", "</s>");

    [Theory]
    [InlineData(MistralFixtures.V01Original)]
    [InlineData(MistralFixtures.V02)]
    [InlineData(MistralFixtures.V03)]
    public void IsDetected_WritesBos_StopsAtEos(string jinja)
    {
        var template = Load(jinja);

        Assert.Equal(ChatTemplateKind.Mistral, template.Kind);
        Assert.True(template.IncludesBos);
        Assert.Equal(["</s>"], template.StopTokens);
    }

    [Fact]
    public void V02_SystemAndUser() =>
        Assert.Equal("<s> [INST] You are a pirate.\n\nHello! [/INST]",
            Load(MistralFixtures.V02).Format(SystemAndUser, addGenerationPrompt: true));

    [Fact]
    public void V02_UserOnly() =>
        Assert.Equal("<s> [INST] Hello! [/INST]", Load(MistralFixtures.V02).Format(UserOnly, addGenerationPrompt: true));

    [Fact]
    public void V02_MultiTurn_SystemInFirstUserTurn_AnswerUntrimmed() =>
        Assert.Equal(
            "<s> [INST] You are a pirate.\n\nWhat is 2+2? [/INST]   Four, matey.  </s> [INST] And 3+3? [/INST]",
            Load(MistralFixtures.V02).Format(MultiTurn, addGenerationPrompt: true));

    [Fact]
    public void V03_SystemAndUser() =>
        Assert.Equal("<s>[INST] You are a pirate.\n\nHello![/INST]",
            Load(MistralFixtures.V03).Format(SystemAndUser, addGenerationPrompt: true));

    [Fact]
    public void V03_UserOnly() =>
        Assert.Equal("<s>[INST] Hello![/INST]", Load(MistralFixtures.V03).Format(UserOnly, addGenerationPrompt: true));

    [Fact]
    public void V03_MultiTurn_SystemInLastUserTurn_AnswerTrimmed() =>
        Assert.Equal(
            "<s>[INST] What is 2+2?[/INST] Four, matey.</s>[INST] You are a pirate.\n\nAnd 3+3?[/INST]",
            Load(MistralFixtures.V03).Format(MultiTurn, addGenerationPrompt: true));

    [Fact]
    public void V03_ConversationEndingWithAnswer_DropsSystemLikeTheTemplate() =>
        Assert.Equal("<s>[INST] What is 2+2?[/INST] Four, matey.</s>",
            Load(MistralFixtures.V03).Format(MultiTurn[..3], addGenerationPrompt: false));

    [Fact]
    public void V01Original_SystemFoldedIntoFirstUserTurn() =>
        Assert.Equal("<s>[INST] You are a pirate.\n\nHello! [/INST]",
            Load(MistralFixtures.V01Original).Format(SystemAndUser, addGenerationPrompt: true));

    [Fact]
    public void V01Original_UserOnly() =>
        Assert.Equal("<s>[INST] Hello! [/INST]",
            Load(MistralFixtures.V01Original).Format(UserOnly, addGenerationPrompt: true));

    [Fact]
    public void V01Original_MultiTurn_AnswerWithoutLeadingSpace() =>
        Assert.Equal(
            "<s>[INST] You are a pirate.\n\nWhat is 2+2? [/INST]  Four, matey.  </s>[INST] And 3+3? [/INST]",
            Load(MistralFixtures.V01Original).Format(MultiTurn, addGenerationPrompt: true));

    [Fact]
    public void V7_SystemPromptTemplate_IsNotSupported() =>
        Assert.Throws<ModelLoadException>(() => Load(MistralFixtures.V7));

    [Fact]
    public void AssistantFirst_IsRejectedLikeTheTemplate() =>
        Assert.Throws<ArgumentException>(() =>
            Load(MistralFixtures.V02).Format([ChatMessage.Assistant("Ahoy")], addGenerationPrompt: true));
}
