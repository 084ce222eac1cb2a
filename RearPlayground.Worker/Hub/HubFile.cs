namespace RearPlayground.Worker.Hub;

/// <summary>A file of a repository tree: path, size, git blob id, and for LFS files the SHA-256 the hub stores it under.</summary>
public sealed record HubFile(string Path, long Size, string GitOid, string? LfsSha256);

/// <summary>What a HEAD on resolve/{revision}/{path} says: the blob's id, the commit, where to download it, its size.</summary>
public sealed record HubFileMetadata(string Etag, string Commit, Uri Location, long? Size);
