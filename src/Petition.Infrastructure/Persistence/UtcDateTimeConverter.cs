using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Petition.Infrastructure.Persistence;

/// <summary>All stored instants are UTC; values read back carry <see cref="DateTimeKind.Utc"/>.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
