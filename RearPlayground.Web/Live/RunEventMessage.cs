namespace RearPlayground.Web.Live;

/// <summary>One stored event as clients receive it: the sequence number orders and de-duplicates.</summary>
public sealed record RunEventMessage(Guid RunId, long Sequence, string Type, string Payload);
