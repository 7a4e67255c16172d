using System.Globalization;
using Petition.Core.Applications;
using Petition.Infrastructure.Auditing;

namespace Petition.Web.Features.AdminAudit;

/// <summary>
/// The audit log as CSV (RFC 4180: comma-separated, CRLF line ends, a field with a comma, quote or line break is
/// quoted and its quotes doubled). A cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab
/// or a carriage return) is prefixed with an apostrophe, so an actor name or reason typed as "=HYPERLINK(…)" stays text.
/// </summary>
public static class AuditCsv
{
    public static ReadOnlyMemory<byte> Utf8Bom { get; } = new byte[] { 0xEF, 0xBB, 0xBF };

    public static async Task WriteAsync(
        TextWriter writer, IAsyncEnumerable<AuditRow> rows, AuditActionLabels labels, IReadOnlyList<string> header, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(header);
        await writer.WriteAsync(Line(header));
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(Line(
            [
                KoreanTime.ToKst(row.AtUtc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                row.ActorName,
                labels.Label(row.Action),
                row.Action,
                row.TargetType,
                row.TargetId,
                row.From,
                row.To,
                row.Reason,
                row.IpAddress,
            ]));
        }
    }

    /// <summary>One record with its CRLF.</summary>
    public static string Line(IReadOnlyList<string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return string.Join(',', fields.Select(Field)) + "\r\n";
    }

    /// <summary>One field: defused against formula injection, then quoted when RFC 4180 needs it.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
