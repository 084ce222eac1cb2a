namespace RearPlayground.Tests.Jobs;

/// <summary>One published event as the recording publisher saw it.</summary>
internal sealed record Published(Guid RunId, long Sequence, string Type, string PayloadJson);
