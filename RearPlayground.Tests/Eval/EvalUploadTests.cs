using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Eval;

/// <summary>What the evaluate page says about an uploaded dataset and its options, before anything is stored.</summary>
public class EvalUploadTests
{
    private const string Good = """{"question": "Once upon a time", "preference": "Tom was a cat.", "mustMention": ["cat"]}""";

    [Theory]
    [InlineData("{\"question\": \"q\", \"preference\": \"p\"}", "line 2: no checks: add \"mustMention\" and/or \"maxWords\" so the answer can be scored")]
    [InlineData("{\"question\": \"q\", \"preference\": \"p\", \"maxwords\": 3}", "line 2: unknown field 'maxwords'")]
    [InlineData("{\"question\": \"q\", \"preference\": \"p\", \"maxWords\": 0}", "line 2: \"maxWords\" must be at least 1, got 0")]
    [InlineData("{\"question\": \"q\"", "line 2: invalid JSON")]
    [InlineData("[1, 2]", "line 2: expected a JSON object, got an array")]
    public void A_bad_line_is_named_by_its_number(string line, string expected)
    {
        var result = EvalUpload.Parse("data.jsonl", Good + "\n" + line + "\n" + Good, new RunLimits());

        Assert.False(result.Ok);
        Assert.StartsWith(expected, result.Error);
    }

    [Fact]
    public void Blank_lines_and_windows_line_ends_are_fine_and_lines_keep_their_numbers()
    {
        var result = EvalUpload.Parse("data.jsonl", Good + "\r\n\r\n" + Good + "\r\n", new RunLimits());

        Assert.True(result.Ok, result.Error);
        Assert.Equal([1, 3], result.Items!.Select(i => i.Line));
    }

    [Fact]
    public void Size_item_count_and_text_length_have_limits()
    {
        Assert.Null(EvalUpload.SizeError(EvalUpload.MaxBytes));
        Assert.Equal("the file is 2.0 MB; at most 1 MB is allowed", EvalUpload.SizeError(2 * EvalUpload.MaxBytes));
        Assert.Equal("no items (the file is empty or only blank lines)", EvalUpload.Parse("data.jsonl", "\n\n", new RunLimits()).Error);

        var many = string.Join('\n', Enumerable.Repeat(Good, EvalUpload.MaxItems + 1));
        Assert.Equal($"the file has {EvalUpload.MaxItems + 1} items; at most {EvalUpload.MaxItems} are allowed",
            EvalUpload.Parse("data.jsonl", many, new RunLimits()).Error);

        var longQuestion = $$"""{"question": "{{new string('a', 50)}}", "preference": "p", "maxWords": 3}""";
        Assert.Equal("line 2: the question is 50 characters; at most 40 are allowed",
            EvalUpload.Parse("data.jsonl", Good + "\n" + longQuestion, new RunLimits { MaxTextLength = 40 }).Error);
    }

    [Fact]
    public void The_options_are_checked_field_by_field()
    {
        var limits = new RunLimits();
        Assert.Empty(new EvalRequest { Model = "stories260K" }.Validate(limits));

        var errors = new EvalRequest
        {
            Model = " ", Methods = ["greedy", "nope"], N = 0, M = 0, MaxTokens = 10_000, StepTokens = 0, Lambda = double.NaN,
            Bootstrap = 0, Limit = 0,
        }.Validate(limits);

        Assert.Equal("the model is required", errors["model"][0]);
        Assert.StartsWith("unknown method nope: use greedy, greedy-nopref, bon-rear", errors["methods"][0]);
        Assert.Equal("n must be at least 1", errors["n"][0]);
        Assert.Equal("m must be at least 1", errors["m"][0]);
        Assert.Equal("max tokens must be at most 512", errors["maxTokens"][0]);
        Assert.Equal("step tokens must be at least 1 when set", errors["stepTokens"][0]);
        Assert.Equal("λ must be a finite number", errors["lambda"][0]);
        Assert.Equal("bootstrap must be at least 1 resample", errors["bootstrap"][0]);
        Assert.Equal("limit must be at least 1 when set", errors["limit"][0]);
    }

    [Fact]
    public void M_must_divide_n_only_when_a_dvts_method_is_picked()
    {
        var limits = new RunLimits();
        var request = new EvalRequest { Model = "stories260K", Methods = ["bon-rear"], N = 6, M = 4 };
        Assert.Empty(request.Validate(limits));

        request.Methods = ["bon-rear", "dvts-rear"];
        Assert.Equal("m must divide n: n = 6 is not a multiple of m = 4", request.Validate(limits)["m"][0]);
        Assert.Equal("pick at least one method", (request with { Methods = [] }).Validate(limits)["methods"][0]);
    }

    [Fact]
    public void Options_survive_the_round_trip_through_json_and_become_the_eval_verbs_settings()
    {
        var request = new EvalRequest { Model = "stories260K", Methods = ["greedy", "dvts-rear"], N = 8, M = 2, StepTokens = 4, Lambda = -3.5, Seed = 9, Bootstrap = 100, Limit = 5 };

        var back = EvalRequest.FromJson(request.ToJson());
        var settings = back.ToSettings("d.jsonl");

        Assert.Equal(["greedy", "dvts-rear"], settings.Methods.Select(m => m.Name));
        Assert.Equal((8, 2, 64, 4, -3.5, 9L, 100, 5, "d.jsonl"),
            (settings.N, settings.M, settings.MaxTokens, settings.StepTokens!.Value, settings.RearOrDefault.Lambda, settings.Seed,
                settings.BootstrapResamples, settings.Limit!.Value, settings.Dataset));
    }
}
