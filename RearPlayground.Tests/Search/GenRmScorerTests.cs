using System.Text.Json;
using RearPlayground.Tests.Engine.Chat;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Chat;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search.Scorers;

namespace RearPlayground.Tests.Search;

/// <summary>GenRM must score exactly log P(Yes) − log P(No) after the judging prompt, batched or not.</summary>
public sealed class GenRmScorerTests
{
    private const string Question = "Tell me a story.";
    private const string Preference = "The story is about a happy dog.";

    private static readonly string[] Responses =
    [
        "Once upon a time, there was a happy dog named Max. He liked to run in the park.",
        "Lily went to the store with her mom.",
        "The dog was happy.",
        "",
    ];

    [Fact]
    public void Stories260K_answers_are_told_apart_after_their_shared_space_token()
    {
        // SentencePiece writes " Yes" as "▁", "Y", "es" and " No" as "▁", "N", "o": the judge reads Y against N after "▁".
        var model = SharedModels.StoriesCpu;
        var prompt = GenRmPrompt.Format(model, Question, Preference, "The end.");
        var (lead, yes, no) = GenRmPrompt.AnswerIds(model, prompt);
        var yesIds = ResponseTokens.Encode(model.Tokenizer, prompt, " Yes");
        var noIds = ResponseTokens.Encode(model.Tokenizer, prompt, " No");
        Assert.Equal([yesIds[0]], lead);
        Assert.Equal(noIds[0], yesIds[0]);
        Assert.Equal((yesIds[1], noIds[1]), (yes, no));
        Assert.NotEqual(yes, no);
        Assert.Equal(" ", model.Tokenizer.Decode(lead));
    }

    [Fact]
    public void Batched_scores_are_finite_distinct_and_match_scoring_each_path_alone_and_by_hand()
    {
        var model = SharedModels.StoriesCpu;
        var paths = Responses.Select(r => PathOf(model, r)).ToArray();
        var context = Context(model, Preference);
        var scorer = new GenRmScorer();
        Assert.Equal("genrm", scorer.Name);

        var batched = scorer.Score(model, context, paths, CancellationToken.None);
        Assert.All(batched, s => Assert.True(double.IsFinite(s)));
        Assert.Equal(batched.Length, batched.Distinct().Count());
        for (var i = 0; i < paths.Length; i++)
        {
            Assert.Equal(scorer.Score(model, context, [paths[i]], CancellationToken.None)[0], batched[i], 1e-4);
            var text = $"Question: {Question}\nPreference: {Preference}\nResponse: {model.Tokenizer.Decode(paths[i].TokenIds)}" +
                "\nDoes the response follow the preference? Answer:";
            Assert.Equal(ByHand(model, [model.BosId!.Value, .. model.Tokenizer.Encode(text)], text, " Yes", " No"), batched[i], 1e-4);
        }
    }

    [Fact]
    public void Tiny_logits_budget_chunks_rows_and_prefill_without_changing_scores()
    {
        var model = SharedModels.StoriesCpu;
        var paths = Responses.Select(r => PathOf(model, r)).ToArray();
        var context = Context(model, Preference);
        var expected = new GenRmScorer().Score(model, context, paths, CancellationToken.None);
        var chunked = new GenRmScorer(maxLogitsBytes: 1).Score(model, context, paths, CancellationToken.None);
        for (var i = 0; i < paths.Length; i++) Assert.Equal(expected[i], chunked[i], 1e-4);
    }

    [Fact]
    public void Prompt_longer_than_the_model_positions_is_rejected()
    {
        var model = SharedModels.StoriesCpu;
        var longPath = PathOf(model, string.Concat(Enumerable.Repeat("The dog ran to the park. ", 100)));
        var error = Assert.Throws<ArgumentException>(() =>
            new GenRmScorer().Score(model, Context(model, Preference), [PathOf(model, "Hi."), longPath], CancellationToken.None));
        Assert.Contains("512 positions", error.Message);
    }

    [Fact]
    public void Chat_models_judge_in_one_user_message_and_answer_after_the_assistant_header()
    {
        var dir = Directory.CreateTempSubdirectory("rear-genrm-chat-").FullName;
        try
        {
            foreach (var f in new[] { "model.onnx", "tokenizer.model", "config.json" })
                File.Copy(Path.Combine(SharedModels.Stories, f), Path.Combine(dir, f));
            File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"),
                JsonSerializer.Serialize(new { chat_template = ChatMlFixtures.SmolLm2, eos_token = "<|im_end|>" }));
            using var model = LanguageModel.Load(dir, DeviceKind.Cpu);
            Assert.True(model.IsChatModel);
            var paths = Responses.Select(r => PathOf(model, r)).ToArray();
            var scores = new GenRmScorer().Score(model, Context(model, Preference), paths, CancellationToken.None);
            for (var i = 0; i < paths.Length; i++)
            {
                var user = $"Question: {Question}\nPreference: {Preference}\nResponse: " +
                    $"{model.Tokenizer.Decode(paths[i].TokenIds)}\nDoes the response follow the preference? Answer with Yes or No.";
                var text = model.Chat.Format([ChatMessage.User(user)], addGenerationPrompt: true);
                Assert.EndsWith($"<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n", text);
                Assert.Equal(text, GenRmPrompt.Format(model, Question, Preference, model.Tokenizer.Decode(paths[i].TokenIds)));
                Assert.Equal(ByHand(model, [.. model.Tokenizer.Encode(text)], text, "Yes", "No"), scores[i], 1e-4);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Markov_model_score_is_the_table_difference_after_the_last_prompt_token()
    {
        // logit(from, Yes) − logit(from, No) = 0.75 · from: reading any other position gives another value.
        string[] vocab = ["<s>", "</s>", "Question: ", "\nPreference: ", "\nResponse: ",
            "\nDoes the response follow the preference? Answer:", " Yes", " No", "why?", "be brief", " cat", " sat", ".",
            "\nIs the response a good answer to the question? Answer:"];
        using var markov = MarkovModel.Create(vocab, (from, to) => to == 6 ? 0.25f * from : to == 7 ? -0.5f * from : 0,
            eosId: 1, bosId: 0);
        using var model = markov.Load();
        var (lead, yes, no) = GenRmPrompt.AnswerIds(model, GenRmPrompt.Format(model, "why?", "be brief", " cat"));
        Assert.Empty(lead);
        Assert.Equal((6, 7), (yes, no));
        ScoredPath[] paths = [Ids(), Ids(" cat"), Ids(" cat", " sat", ".", "</s>"), Ids(".", " sat")];

        var context = new ScoringContext("why?", "be brief", ContextBuilder.Build(model, "why?", "be brief"));
        Assert.All(new GenRmScorer().Score(model, context, paths, CancellationToken.None), s => Assert.Equal(0.75 * 5, s, 1e-5));
        var plain = new ScoringContext("why?", null, ContextBuilder.Build(model, "why?", null));
        Assert.All(new GenRmScorer().Score(model, plain, paths, CancellationToken.None), s => Assert.Equal(0.75 * 13, s, 1e-5));

        ScoredPath Ids(params string[] tokens) => new(markov.Ids(tokens), new float[tokens.Length], new float[tokens.Length], false);
    }

    [Fact]
    public void Markov_model_answer_tokens_after_a_shared_lead_token_are_read_after_feeding_it()
    {
        // " Yes" is " ", "Yes" and " No" is " ", "No": the score is the table difference in the row of " " (id 6).
        string[] vocab = ["<s>", "</s>", "Question: ", "\nPreference: ", "\nResponse: ",
            "\nDoes the response follow the preference? Answer:", " ", "Yes", "No", "why?", "be brief", " cat"];
        using var markov = MarkovModel.Create(vocab, (from, to) => to == 7 ? 0.25f * from : to == 8 ? -0.5f * from : 0,
            eosId: 1, bosId: 0);
        using var model = markov.Load();
        var context = new ScoringContext("why?", "be brief", ContextBuilder.Build(model, "why?", "be brief"));
        ScoredPath[] paths = [new(markov.Ids(" cat"), [0f], [0f], false), new([], [], [], false)];
        Assert.All(new GenRmScorer().Score(model, context, paths, CancellationToken.None), s => Assert.Equal(0.75 * 6, s, 1e-5));
    }

    [Fact]
    public void Shared_prefix_is_the_longest_common_one_but_leaves_every_row_a_token()
    {
        Assert.Equal(2, GenRmScorer.SharedPrefix([[1, 2, 3], [1, 2, 4, 5]]));
        Assert.Equal(1, GenRmScorer.SharedPrefix([[1, 2], [1, 2, 5]]));
        Assert.Equal(2, GenRmScorer.SharedPrefix([[1, 2, 3]]));
        Assert.Equal(0, GenRmScorer.SharedPrefix([[7, 2], [1, 2]]));
    }

    private static ScoringContext Context(LanguageModel model, string? preference) =>
        new(Question, preference, ContextBuilder.Build(model, Question, preference));

    private static ScoredPath PathOf(LanguageModel model, string response)
    {
        var ids = model.Tokenizer.Encode(response).ToArray();
        return new ScoredPath(ids, new float[ids.Length], new float[ids.Length], false);
    }

    /// <summary>
    /// The reference: one unbatched pass over the full prompt plus the tokens both answers start with,
    /// log-softmax in double at the last position, read at the first tokens where the answers differ.
    /// </summary>
    private static double ByHand(LanguageModel model, int[] ids, string text, string yesText, string noText)
    {
        var yes = ResponseTokens.Encode(model.Tokenizer, text, yesText);
        var no = ResponseTokens.Encode(model.Tokenizer, text, noText);
        var k = 0;
        while (yes[k] == no[k]) k++;
        int[] fed = [.. ids, .. yes[..k]];
        using var state = KvState.Empty(model, 1);
        using var output = model.Forward(state, fed, fed.Length);
        var row = output.Row(0, fed.Length - 1).ToArray();
        var max = row.Max();
        var lse = max + Math.Log(row.Sum(x => Math.Exp(x - max)));
        return (row[yes[k]] - lse) - (row[no[k]] - lse);
    }
}
