using Parquet;
using Parquet.Schema;
using ReasonRL.Core;

namespace ReasonRL.Verifiers.Math.Datasets;

/// <summary>
/// Streams the rows of a Parquet dataset (as Hugging Face datasets write them) one row group at a time, reading only
/// the requested columns. Strings, integers, floating-point numbers and booleans are read; nested columns are refused.
/// </summary>
/// <remarks>Parquet.Net's reader is asynchronous; this iterator waits on it, as the command line has no synchronisation context.</remarks>
internal static class ParquetRows
{
    public static IEnumerable<DatasetRow> Read(string path, IReadOnlyCollection<string> columns, IReadOnlyCollection<string> required, Action<double>? progress)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or Parquet.ParquetException)
        {
            throw new InputException($"{path}: not a readable Parquet file ({e.Message})", e);
        }

        try
        {
            var fields = new Dictionary<string, DataField>(StringComparer.Ordinal);
            foreach (var column in columns)
            {
                var field = reader.Schema.DataFields.FirstOrDefault(f => f.Name == column && f.Path.ToList().Count == 1);
                if (field is not null)
                {
                    fields[column] = field.IsArray
                        ? throw new InputException($"{path}: column '{column}' is a list; give a column of strings or numbers")
                        : field;
                }
            }

            if (required.FirstOrDefault(c => !fields.ContainsKey(c)) is { } absent)
            {
                throw new InputException($"{path}: no column '{absent}'; its columns are {string.Join(", ", reader.Schema.DataFields.Select(f => f.Name))}");
            }

            long index = 0;
            for (var group = 0; group < reader.RowGroupCount; group++)
            {
                using var rowGroup = reader.OpenRowGroupReader(group);
                var count = checked((int)rowGroup.RowCount);
                var values = fields.ToDictionary(f => f.Key, f => ReadColumn(path, rowGroup, f.Value, count));
                for (var row = 0; row < count; row++)
                {
                    var rowValues = columns.ToDictionary(c => c, c => values.TryGetValue(c, out var column) ? column[row] : null, StringComparer.Ordinal);
                    yield return new DatasetRow($"{path}: row group {group}, row {row}", index++, rowValues);
                }

                progress?.Invoke((group + 1.0) / reader.RowGroupCount);
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static string?[] ReadColumn(string path, ParquetRowGroupReader rowGroup, DataField field, int count)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var strings = new string?[count];
            rowGroup.ReadAsync(field, strings.AsMemory(), null, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return strings;
        }

        return type switch
        {
            _ when type == typeof(int) => Read<int>(rowGroup, field, count),
            _ when type == typeof(long) => Read<long>(rowGroup, field, count),
            _ when type == typeof(short) => Read<short>(rowGroup, field, count),
            _ when type == typeof(double) => Read<double>(rowGroup, field, count),
            _ when type == typeof(float) => Read<float>(rowGroup, field, count),
            _ when type == typeof(bool) => Read<bool>(rowGroup, field, count),
            _ => throw new InputException($"{path}: column '{field.Name}' holds {type.Name} values; give a column of strings or numbers"),
        };
    }

    private static string?[] Read<T>(ParquetRowGroupReader rowGroup, DataField field, int count)
        where T : struct
    {
        var values = new T?[count];
        rowGroup.ReadAsync(field, values.AsMemory(), null, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return [.. values.Select(v => v is { } value ? JsonlRows.Invariant(value) : null)];
    }
}
