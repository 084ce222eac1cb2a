namespace RearPlayground.Worker.Hub;

/// <summary>A hub request the user can act on (gated repository, missing token, unknown revision, bad checksum …): one clear line.</summary>
public sealed class HubException(string message, Exception? inner = null) : IOException(message, inner);
