using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Jobs;

/// <summary>One model of the listing: its name in the model directories, its folder, and its facts or why they are missing.</summary>
public sealed record ModelInfo(string Name, string Folder, ModelFacts? Facts, string? Error);
