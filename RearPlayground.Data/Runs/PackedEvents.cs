using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Runs;

/// <summary>
/// How a batch of events is stored: ONE RunEvents row per committed batch (<see cref="RunEventEntity.Count"/> events from
/// its <see cref="RunEventEntity.Sequence"/> on), each event's type, time and exact JSON text deflated together in
/// <see cref="RunEventEntity.Packed"/>. Lossless, so replay gives back byte for byte the JSON the hub sent; the row and
/// index overhead is paid once per batch, and deflate takes the keys' repetition out. Rows stored before (Packed null,
/// Count 1) hold one event as text and read as they always did.
/// </summary>
public static class PackedEvents
{
    private const byte Version = 1;

    /// <summary>The row for <paramref name="events"/>; its Sequence (the first event's) is set by the caller.</summary>
    public static RunEventEntity Pack(Guid runId, IReadOnlyList<(string Type, string PayloadJson, DateTimeOffset At)> events)
    {
        using var buffer = new MemoryStream();
        buffer.WriteByte(Version);
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var writer = new BinaryWriter(deflate, Encoding.UTF8))
            foreach (var (type, payload, at) in events)
            {
                writer.Write(type);
                writer.Write(at.UtcTicks);
                writer.Write(payload);
            }
        return new RunEventEntity
        {
            RunId = runId, Count = events.Count, Type = "", PayloadJson = "", At = events[0].At,
            Packed = buffer.ToArray(),
        };
    }

    /// <summary>The events a row holds, in order: itself when it is an unpacked (older) row.</summary>
    public static IEnumerable<RunEventEntity> Expand(RunEventEntity row)
    {
        if (row.Packed is null)
        {
            yield return row;
            yield break;
        }
        if (row.Packed.Length == 0 || row.Packed[0] != Version)
            throw new InvalidDataException($"events {row.Sequence}… of run {row.RunId}: unknown packing");
        using var deflate = new DeflateStream(new MemoryStream(row.Packed, 1, row.Packed.Length - 1), CompressionMode.Decompress);
        using var reader = new BinaryReader(deflate, Encoding.UTF8);
        for (var i = 0; i < row.Count; i++)
        {
            var type = reader.ReadString();
            var at = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            yield return new RunEventEntity
            {
                Id = row.Id, RunId = row.RunId, Sequence = row.Sequence + i, Type = type, At = at, PayloadJson = reader.ReadString(),
            };
        }
    }

    /// <summary>The runs' events with sequence &gt; <paramref name="afterSequence"/>, in order per run, optionally of one type.</summary>
    public static async Task<List<RunEventEntity>> LoadAsync(RearDbContext db, IReadOnlyCollection<Guid> runIds, long afterSequence,
        string? type, CancellationToken cancellationToken)
    {
        // A packed row reaches past its first sequence number: keep the rows whose last event is after the mark.
        var rows = await db.RunEvents.AsNoTracking()
            .Where(e => runIds.Contains(e.RunId) && e.Sequence + e.Count > afterSequence + 1)
            .Where(e => type == null || e.Packed != null || e.Type == type)
            .OrderBy(e => e.RunId).ThenBy(e => e.Sequence).ToListAsync(cancellationToken);
        return [.. rows.SelectMany(Expand).Where(e => e.Sequence > afterSequence && (type is null || e.Type == type))];
    }
}
