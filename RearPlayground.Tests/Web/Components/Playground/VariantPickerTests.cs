using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using RearPlayground.Web.Components.Pages.Playground;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Models;

namespace RearPlayground.Tests.Web.Components.Playground;

/// <summary>The playground's variant picker: the model's files with sizes, "default" first, the choice in the request, reset by another model.</summary>
public sealed class VariantPickerTests : MudTestContext
{
    private static readonly ModelFacts Facts = new("tiny", 1, 1, 32, 13, 512, "Float", "None", "fp32", "onnx/model.onnx");

    internal static readonly ModelInfo Tiny = new("onnx-community/tiny", "/cache/tiny", Facts, null,
    [
        new VariantInfo("fp32", "onnx/model.onnx", 90_000, "fp32", "float32", "float32", "float32 100%", [], true, null),
        new VariantInfo("q4", "onnx/model_q4.onnx", 2_500_000, "q4", "float32", "float32", "int4 (MatMulNBits) 70% · float32 30%", ["MatMulNBits"], false, null),
    ]);

    private static readonly ModelInfo Other = new("stories260K", "/models/stories260K", Facts with { Name = "stories260K" }, null,
        [new VariantInfo("fp32", "model.onnx", 1_200_000, "fp32", "float32", "float32", "float32 100%", [], true, null)]);

    [Fact]
    public void Options_name_the_default_then_every_file_with_its_size()
    {
        Assert.Equal([("", "default (fp32)"), ("fp32", "fp32 · 87.9 KB"), ("q4", "q4 · 2.4 MB")], VariantPicker.Options(Tiny));
        Assert.Equal([("", "default")], VariantPicker.Options(null));
        Assert.Equal("onnx/model_q4.onnx · KV float32 · logits float32 · int4 (MatMulNBits) 70% · float32 30%", VariantPicker.Helper(Tiny, "q4"));
        Assert.StartsWith("onnx/model.onnx", VariantPicker.Helper(Tiny, null));
    }

    [Fact]
    public void Choosing_q4_puts_it_in_the_request_and_another_model_resets_it()
    {
        var model = new RunFormModel { Model = Tiny.Name, Question = " once upon" };
        var cut = RenderWithPopovers(b =>
        {
            b.OpenComponent<ModelPicker>(0);
            b.AddComponentParameter(1, nameof(ModelPicker.Model), model);
            b.AddComponentParameter(2, nameof(ModelPicker.Models), new[] { Tiny, Other });
            b.AddComponentParameter(3, nameof(ModelPicker.Errors), new FormErrors());
            b.CloseComponent();
        });

        Open(cut, "variant");
        cut.WaitForAssertion(() => Assert.Equal(["default (fp32)", "fp32 · 87.9 KB", "q4 · 2.4 MB"], Items(cut)));
        cut.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Contains("q4")).Click();
        cut.WaitForAssertion(() => Assert.Equal("q4", model.Variant));
        Assert.Equal("q4", model.ToRequest().Variant);

        Open(cut, "model");
        cut.WaitForAssertion(() => Assert.Contains(Items(cut), i => i.StartsWith("stories260K", StringComparison.Ordinal)));
        cut.FindAll(".mud-popover-open .mud-list-item").First(i => i.TextContent.Contains("stories260K")).Click();
        cut.WaitForAssertion(() => Assert.Null(model.Variant));
        Assert.Null(model.ToRequest().Variant);
    }

    private static void Open(IRenderedComponent<ContainerFragment> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.MouseDown();

    private static string[] Items(IRenderedComponent<ContainerFragment> cut) =>
        [.. cut.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim())];
}
