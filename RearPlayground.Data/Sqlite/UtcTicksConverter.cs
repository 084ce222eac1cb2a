using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RearPlayground.Data.Sqlite;

/// <summary>
/// Stores a <see cref="DateTimeOffset"/> as its UTC ticks (INTEGER). EF's SQLite provider keeps DateTimeOffset as
/// text and refuses ORDER BY / comparisons on it; an integer instant sorts and compares correctly whatever the
/// offset. The offset is not kept: values come back in UTC.
/// </summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
