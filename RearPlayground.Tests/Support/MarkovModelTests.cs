using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Tests.Support;

/// <summary>The fake Markov model must load and behave exactly as its table says, or search tests built on it prove nothing.</summary>
public sealed class MarkovModelTests : IDisposable
{
    private readonly MarkovModel _markov = MarkovModel.Stories();
    private readonly LanguageModel _model;

    public MarkovModelTests() => _model = _markov.Load();

    public void Dispose()
    {
        _model.Dispose();
        _markov.Dispose();
    }

    [Fact]
    public void Folder_loads_as_a_plain_one_layer_model()
    {
        Assert.Equal("cpu", _model.Device);
        Assert.Equal(1, _model.Io.Layers);
        Assert.Equal(1, _model.Io.KvHeads);
        Assert.Equal(1, _model.Io.HeadDim);
        Assert.Equal(MarkovModel.StoriesVocabulary.Length, _model.Io.VocabSize);
        Assert.True(_model.Io.HasPositionIds);
        Assert.False(_model.IsChatModel);
        Assert.Equal(_markov.BosId, _model.BosId);
        Assert.Equal([_markov.EosId], _model.EosIds);
        Assert.Equal(4096, _model.MaxPositions);
    }

    [Fact]
    public void Forward_returns_the_table_row_of_each_fed_token_with_and_without_cache()
    {
        var v = _markov.Vocabulary.Count;
        int[] tokens = [_markov.BosId, .. _markov.Ids(" once", " upon", "\n\n", ".")];
        using var state = KvState.Empty(_model, 1);
        using (var output = _model.Forward(state, tokens, tokens.Length))
        {
            for (var s = 0; s < tokens.Length; s++)
                Assert.Equal(Row(tokens[s]), output.Row(0, s).ToArray());
        }
        Assert.Equal(tokens.Length, state.Length);

        // A cached step and a batch of two rows read the same rows.
        int[] step = [_markov.Id(" cat"), _markov.Id(" sat")];
        using var pair = state.Replicate(2);
        using (var output = _model.Forward(pair, step, 1))
        {
            Assert.Equal(Row(step[0]), output.Row(0, 0).ToArray());
            Assert.Equal(Row(step[1]), output.Row(1, 0).ToArray());
        }
        Assert.Equal(tokens.Length + 1, pair.Length);

        float[] Row(int from) => [.. Enumerable.Range(0, v).Select(to => _markov.Logit(from, to))];
    }

    [Fact]
    public void Greedy_generation_follows_the_known_path_with_exact_log_probs()
    {
        var (sequences, _) = BatchGenerator.Generate(_model,
            new GenerationRequest([_markov.BosId], 1, 10, SamplingOptions.Greedy, 0, _model.EosIds));

        var generated = Assert.Single(sequences);
        Assert.Equal(_markov.Ids(MarkovModel.StoriesGreedyPath), generated.TokenIds);
        Assert.Equal(FinishReason.Eos, generated.FinishReason);
        var previous = _markov.BosId;
        for (var i = 0; i < generated.TokenIds.Length; i++)
        {
            Assert.Equal(_markov.LogProb(previous, generated.TokenIds[i]), generated.LogProbs[i], 1e-5);
            previous = generated.TokenIds[i];
        }
        Assert.Equal(" once upon a time.\n\n the cat sat", _model.Tokenizer.Decode(generated.TokenIds));
    }

    [Fact]
    public void Sampling_is_diverse_yet_repeatable_under_a_seed()
    {
        var request = new GenerationRequest([_markov.BosId], 16, 12, new SamplingOptions(1.0), 42, _model.EosIds);
        var first = BatchGenerator.Generate(_model, request).Sequences.Select(s => string.Join(",", s.TokenIds)).ToArray();
        var second = BatchGenerator.Generate(_model, request).Sequences.Select(s => string.Join(",", s.TokenIds)).ToArray();

        Assert.Equal(first, second);
        Assert.True(first.Distinct().Count() >= 4, $"only {first.Distinct().Count()} distinct samples");
    }

    [Fact]
    public void Tokenizer_ids_are_vocabulary_indexes_and_round_trip()
    {
        var tokenizer = _model.Tokenizer;
        for (var id = 0; id < _markov.Vocabulary.Count; id++)
        {
            Assert.Equal(id, tokenizer.TokenToId(_markov.Vocabulary[id]));
            Assert.Equal(_markov.Vocabulary[id], tokenizer.Decode([id], skipSpecial: false));
        }

        int[] ids = [.. Enumerable.Range(0, _markov.Vocabulary.Count)];
        var text = string.Concat(_markov.Vocabulary);
        Assert.Equal(ids, tokenizer.Encode(text));
        Assert.Equal(text, tokenizer.Decode(ids, skipSpecial: false));
        Assert.Equal(" once upon\n\n", tokenizer.Decode(_markov.Ids(" once", " upon", "\n\n")));
        Assert.Equal(" a cat", tokenizer.Decode([_markov.BosId, .. _markov.Ids(" a", " cat"), _markov.EosId]));
        Assert.Equal(_markov.Ids(" the", " cat", " sat", ".", "\n\n", " once"), tokenizer.Encode(" the cat sat.\n\n once"));
    }

    [Fact]
    public void Create_takes_any_logit_function_and_dispose_removes_the_folder()
    {
        string[] vocab = ["<s>", "</s>", " a", " b", "\n\n"];
        // Each token prefers the next index, wrapping past the end; so greedy from <s> walks the vocabulary.
        var markov = MarkovModel.Create(vocab, (from, to) => to == (from + 1) % vocab.Length ? 3f : 0f, eosId: 1, bosId: 0);
        using (var model = markov.Load())
        {
            var (sequences, _) = BatchGenerator.Generate(model,
                new GenerationRequest([markov.Id(" a")], 1, 5, SamplingOptions.Greedy, 0, model.EosIds));
            Assert.Equal(markov.Ids(" b", "\n\n", "<s>", "</s>"), sequences[0].TokenIds);
        }
        Assert.True(Directory.Exists(markov.Folder));
        markov.Dispose();
        Assert.False(Directory.Exists(markov.Folder));
    }
}
