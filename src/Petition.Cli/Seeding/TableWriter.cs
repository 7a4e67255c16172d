using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Petition.Cli.Seeding;

/// <summary>
/// A prepared INSERT for one entity type, built from the EF Core model: the table and column names, and each
/// column's type mapping and value converter (UTC instants, enums as numbers, JSON columns, Guids as text) are
/// the ones EF itself uses, so a row written here reads back exactly like a row EF wrote.
/// </summary>
internal sealed class TableWriter<T> : IDisposable
    where T : class
{
    private readonly SqliteCommand _command;
    private readonly Column[] _columns;

    private TableWriter(SqliteCommand command, Column[] columns)
    {
        _command = command;
        _columns = columns;
    }

    /// <summary>Every mapped column; the key too unless the database generates it (<paramref name="includeKey"/> false).</summary>
    public static TableWriter<T> Create(
        DbContext db, SqliteConnection connection, bool includeKey, string? upsertKeyColumn = null)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var command = connection.CreateCommand();
        var columns = new List<Column>();
        foreach (var property in entity.GetProperties())
        {
            if (!includeKey && property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never)
            {
                continue;
            }

            if (property.IsShadowProperty() || property.PropertyInfo is null)
            {
                if (property.IsNullable)
                {
                    continue; // left NULL
                }

                throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} has no CLR value to write.");
            }

            var name = "@p" + columns.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var mapping = property.GetRelationalTypeMapping();
            var parameter = (SqliteParameter)mapping.CreateParameter(command, name, null, property.IsNullable);
            command.Parameters.Add(parameter);
            var getter = property.GetGetter();
            columns.Add(new Column(
                property.GetColumnName(table)!,
                parameter,
                mapping.Converter,
                getter.GetClrValueUsingContainingEntity,
                property.ClrType != typeof(string) && !property.ClrType.IsValueType && !property.ClrType.IsAssignableTo(typeof(System.Collections.IDictionary))));
        }

        var quoted = string.Join(", ", columns.Select(c => Quote(c.Name)));
        var values = string.Join(", ", columns.Select(c => c.Parameter.ParameterName));
        var sql = $"INSERT INTO {Quote(table.Name)} ({quoted}) VALUES ({values})";
        if (upsertKeyColumn is not null)
        {
            var updates = string.Join(", ", columns.Where(c => c.Name != upsertKeyColumn).Select(c => $"{Quote(c.Name)} = excluded.{Quote(c.Name)}"));
            sql += $" ON CONFLICT ({Quote(upsertKeyColumn)}) DO UPDATE SET {updates}";
        }

        command.CommandText = sql;
        return new TableWriter<T>(command, [.. columns]);
    }

    public void Write(T item, SqliteTransaction transaction)
    {
        if (!ReferenceEquals(_command.Transaction, transaction))
        {
            _command.Transaction = transaction;
            _command.Prepare();
        }

        foreach (var column in _columns)
        {
            column.Parameter.Value = column.ProviderValue(item) ?? DBNull.Value;
        }

        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed class Column(
        string name, SqliteParameter parameter, ValueConverter? converter, Func<object, object?> get, bool cacheByReference)
    {
        // Shared documents (the form snapshot of a type) are converted once, not once per row.
        private readonly Dictionary<object, object?>? _cache = cacheByReference ? new(ReferenceEqualityComparer.Instance) : null;

        public string Name { get; } = name;

        public SqliteParameter Parameter { get; } = parameter;

        public object? ProviderValue(object item)
        {
            var value = get(item);
            if (value is null || converter is null)
            {
                return value;
            }

            if (_cache is null)
            {
                return converter.ConvertToProvider(value);
            }

            if (!_cache.TryGetValue(value, out var converted))
            {
                converted = converter.ConvertToProvider(value);
                if (_cache.Count < 64)
                {
                    _cache[value] = converted;
                }
            }

            return converted;
        }
    }
}
