using RearPlayground.Worker.Engine.Chat;
using static RearPlayground.Tests.Engine.Chat.ChatTestData;

namespace RearPlayground.Tests.Engine.Chat;

public class Llama3TemplateTests
{
    private const string Bos = "<|begin_of_text|>";
    private const string Preamble31 = "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n";

    private static string Header(string role) => $"<|start_header_id|>{role}<|end_header_id|>\n\n";

    [Fact]
    public void Llama31_IsDetected_WritesBos_StopsAtEot()
    {
        var template = LoadTemplate(Llama3Fixtures.Llama31, Bos, "<|eot_id|>");

        Assert.Equal(ChatTemplateKind.Llama3, template.Kind);
        Assert.True(template.IncludesBos);
        Assert.Equal(["<|eot_id|>"], template.StopTokens);
        Assert.Equal(Preamble31, Assert.IsType<Llama3Template>(template).SystemPreamble);
    }

    [Fact]
    public void Llama31_SystemAndUser_SystemFollowsThePreamble() =>
        Assert.Equal(
            Bos + Header("system") + Preamble31 + "You are a pirate.<|eot_id|>" +
            Header("user") + "Hello!<|eot_id|>" + Header("assistant"),
            LoadTemplate(Llama3Fixtures.Llama31, Bos, "<|eot_id|>").Format(SystemAndUser, addGenerationPrompt: true));

    [Fact]
    public void Llama31_UserOnly_StillWritesTheSystemTurn() =>
        Assert.Equal(
            Bos + Header("system") + Preamble31 + "<|eot_id|>" + Header("user") + "Hello!<|eot_id|>" + Header("assistant"),
            LoadTemplate(Llama3Fixtures.Llama31, Bos, "<|eot_id|>").Format(UserOnly, addGenerationPrompt: true));

    [Fact]
    public void Llama31_MultiTurn_TrimsContents() =>
        Assert.Equal(
            Bos + Header("system") + Preamble31 + "You are a pirate.<|eot_id|>" +
            Header("user") + "What is 2+2?<|eot_id|>" +
            Header("assistant") + "Four, matey.<|eot_id|>" +
            Header("user") + "And 3+3?<|eot_id|>" + Header("assistant"),
            LoadTemplate(Llama3Fixtures.Llama31, Bos, "<|eot_id|>").Format(MultiTurn, addGenerationPrompt: true));

    [Fact]
    public void Llama32_UsesTodaysDate()
    {
        var template = Assert.IsType<Llama3Template>(LoadTemplate(Llama3Fixtures.Llama32, Bos, "<|eot_id|>"));

        // ChatTestData.Today is 5 March 2025; Python's strftime("%d %b %Y") pads the day.
        Assert.Equal("Cutting Knowledge Date: December 2023\nToday Date: 05 Mar 2025\n\n", template.SystemPreamble);
    }

    [Fact]
    public void Llama30_SystemAndUser_NoPreamble() =>
        Assert.Equal(
            Bos + Header("system") + "You are a pirate.<|eot_id|>" + Header("user") + "Hello!<|eot_id|>" + Header("assistant"),
            LoadTemplate(Llama3Fixtures.Llama30, Bos, "<|eot_id|>").Format(SystemAndUser, addGenerationPrompt: true));

    [Fact]
    public void Llama30_UserOnly_HasNoSystemTurn() =>
        Assert.Equal(
            Bos + Header("user") + "Hello!<|eot_id|>" + Header("assistant"),
            LoadTemplate(Llama3Fixtures.Llama30, Bos, "<|eot_id|>").Format(UserOnly, addGenerationPrompt: true));

    [Fact]
    public void Llama30_MultiTurn_WithoutGenerationPrompt()
    {
        var template = LoadTemplate(Llama3Fixtures.Llama30, Bos, "<|end_of_text|>");

        Assert.Equal(["<|eot_id|>", "<|end_of_text|>"], template.StopTokens);
        Assert.Equal(
            Bos + Header("system") + "You are a pirate.<|eot_id|>" +
            Header("user") + "What is 2+2?<|eot_id|>" +
            Header("assistant") + "Four, matey.<|eot_id|>" +
            Header("user") + "And 3+3?<|eot_id|>",
            template.Format(MultiTurn, addGenerationPrompt: false));
    }
}
