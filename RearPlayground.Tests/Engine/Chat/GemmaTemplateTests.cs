using RearPlayground.Worker.Engine.Chat;
using static RearPlayground.Tests.Engine.Chat.ChatTestData;

namespace RearPlayground.Tests.Engine.Chat;

public class GemmaTemplateTests
{
    /// <summary>google/gemma-3-*-it tokenizer_config.json chat_template.</summary>
    private const string Gemma3 = """
        {{ bos_token }}
        {%- if messages[0]['role'] == 'system' -%}
            {%- if messages[0]['content'] is string -%}
                {%- set first_user_prefix = messages[0]['content'] + '\n\n' -%}
            {%- else -%}
                {%- set first_user_prefix = messages[0]['content'][0]['text'] + '\n\n' -%}
            {%- endif -%}
            {%- set loop_messages = messages[1:] -%}
        {%- else -%}
            {%- set first_user_prefix = "" -%}
            {%- set loop_messages = messages -%}
        {%- endif -%}
        {%- for message in loop_messages -%}
            {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}
                {{ raise_exception("Conversation roles must alternate user/assistant/user/assistant/...") }}
            {%- endif -%}
            {%- if (message['role'] == 'assistant') -%}
                {%- set role = "model" -%}
            {%- else -%}
                {%- set role = message['role'] -%}
            {%- endif -%}
            {{ '<start_of_turn>' + role + '\n' + (first_user_prefix if loop.first else "") }}
            {%- if message['content'] is string -%}
                {{ message['content'] | trim }}
            {%- elif message['content'] is iterable -%}
                {%- for item in message['content'] -%}
                    {%- if item['type'] == 'image' -%}
                        {{ '<start_of_image>' }}
                    {%- elif item['type'] == 'text' -%}
                        {{ item['text'] | trim }}
                    {%- endif -%}
                {%- endfor -%}
            {%- else -%}
                {{ raise_exception("Invalid content type") }}
            {%- endif -%}
            {{ '<end_of_turn>\n' }}
        {%- endfor -%}
        {%- if add_generation_prompt -%}
            {{'<start_of_turn>model\n'}}
        {%- endif -%}

        """;

    /// <summary>google/gemma-2-*-it: rejects system messages; the engine folds them the Gemma-3 way.</summary>
    private const string Gemma2 =
        """{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}""";

    private const string SystemAndUserText =
        "<bos><start_of_turn>user\nYou are a pirate.\n\nHello!<end_of_turn>\n<start_of_turn>model\n";

    [Theory]
    [InlineData(Gemma3)]
    [InlineData(Gemma2)]
    public void IsDetected_WritesBos_StopsAtEndOfTurn(string jinja)
    {
        var template = LoadTemplate(jinja, "<bos>", "<eos>");

        Assert.Equal(ChatTemplateKind.Gemma, template.Kind);
        Assert.True(template.IncludesBos);
        Assert.Equal(["<end_of_turn>", "<eos>"], template.StopTokens);
    }

    [Theory]
    [InlineData(Gemma3)]
    [InlineData(Gemma2)]
    public void SystemAndUser_SystemPrependedToFirstUserMessage(string jinja) =>
        Assert.Equal(SystemAndUserText, LoadTemplate(jinja, "<bos>", "<eos>").Format(SystemAndUser, addGenerationPrompt: true));

    [Fact]
    public void UserOnlyPrompt() =>
        Assert.Equal("<bos><start_of_turn>user\nHello!<end_of_turn>\n<start_of_turn>model\n",
            LoadTemplate(Gemma3, "<bos>", "<eos>").Format(UserOnly, addGenerationPrompt: true));

    [Fact]
    public void MultiTurn_AssistantIsModel_ContentsTrimmed() =>
        Assert.Equal(
            "<bos><start_of_turn>user\nYou are a pirate.\n\nWhat is 2+2?<end_of_turn>\n" +
            "<start_of_turn>model\nFour, matey.<end_of_turn>\n" +
            "<start_of_turn>user\nAnd 3+3?<end_of_turn>\n<start_of_turn>model\n",
            LoadTemplate(Gemma3, "<bos>", "<eos>").Format(MultiTurn, addGenerationPrompt: true));

    [Fact]
    public void SeparatorIsReadFromTheTemplate()
    {
        // Some Gemma-3 conversions use a single newline after the system text.
        var template = LoadTemplate(Gemma3.Replace("+ '\\n\\n'", "+ '\\n'", StringComparison.Ordinal), "<bos>", "<eos>");

        Assert.Equal("<bos><start_of_turn>user\nYou are a pirate.\nHello!<end_of_turn>\n<start_of_turn>model\n",
            template.Format(SystemAndUser, addGenerationPrompt: true));
    }
}
