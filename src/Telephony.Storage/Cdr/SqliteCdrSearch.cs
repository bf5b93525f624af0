using System.Text;
using Dapper;
using Telephony.Calls.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Cdr;

/// <summary>Searches the cdr table: filters, newest first, paged by row id (a stable cursor while rows are added).</summary>
/// <remarks>
/// Thread-safe: each search opens its own pooled connection. Filters are bound parameters, never
/// text spliced into SQL. Times are stored as fixed-width ISO 8601 UTC text, so comparing the text
/// compares the times.
/// </remarks>
public sealed class SqliteCdrSearch : ICdrSearch
{
    private readonly SqliteDatabase _db;
    private readonly Lazy<HashSet<string>> _columns;

    public SqliteCdrSearch(SqliteDatabase db)
    {
        _db = db;
        _columns = new Lazy<HashSet<string>>(ReadColumns);
    }

    public Task<CdrPage> SearchAsync(CdrQuery query, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query.Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, CdrQuery.MaxLimit, nameof(query.Limit));
        var where = new StringBuilder("WHERE 1 = 1");
        var args = new DynamicParameters();
        Filter(where, args, query.StartedFrom is { } f ? CdrRow.Time(f) : null, "started_at >= @from", "from");
        Filter(where, args, query.StartedBefore is { } b ? CdrRow.Time(b) : null, "started_at < @before", "before");
        Filter(where, args, Like(query.Number), @"(from_uri LIKE @number ESCAPE '\' OR to_uri LIKE @number ESCAPE '\')", "number");
        Filter(where, args, query.Cause, "cause = @cause", "cause");
        Filter(where, args, Like(query.Flow), @"flow LIKE @flow ESCAPE '\'", "flow");
        Filter(where, args, query.Before, "id < @cursor", "cursor");
        if (query.Direction is not null)
        {
            // The direction column arrives with outbound legs (a later migration); until then the filter cannot be applied.
            if (!_columns.Value.Contains("direction"))
            {
#pragma warning disable CA2208 // ParamName names the query member at fault, so the API can name the field.
                throw new ArgumentException("this database has no call directions yet (it predates outbound calls)", nameof(query.Direction));
#pragma warning restore CA2208
            }

            Filter(where, args, query.Direction, "direction = @direction", "direction");
        }

        args.Add("take", query.Limit + 1);
        using var connection = _db.Connect();
        var rows = connection.Query<CdrRow>($"SELECT * FROM cdr {where} ORDER BY id DESC LIMIT @take", args).ToList();
        var more = rows.Count > query.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var page = new CdrPage([.. rows.Select(r => r.ToRecord())], more ? rows[^1].Id : null);
        return Task.FromResult(page);
    }

    public Task<CallDetailRecord?> FindAsync(string callId, CancellationToken cancel = default)
    {
        using var connection = _db.Connect();
        var row = connection.QueryFirstOrDefault<CdrRow>("SELECT * FROM cdr WHERE call_id = @callId ORDER BY id DESC LIMIT 1", new { callId });
        return Task.FromResult(row?.ToRecord());
    }

    private static void Filter<T>(StringBuilder where, DynamicParameters args, T? value, string condition, string name)
    {
        if (value is not null)
        {
            where.Append(" AND ").Append(condition);
            args.Add(name, value);
        }
    }

    /// <summary>A LIKE pattern matching <paramref name="text"/> anywhere, with LIKE's own wildcards taken literally.</summary>
    private static string? Like(string? text) =>
        text is null ? null : "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";

    private HashSet<string> ReadColumns()
    {
        using var connection = _db.Connect();
        return [.. connection.Query<string>("SELECT name FROM pragma_table_info('cdr')")];
    }
}
