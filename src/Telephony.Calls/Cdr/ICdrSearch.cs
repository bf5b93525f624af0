namespace Telephony.Calls.Cdr;

/// <summary>Reads stored call detail records for the API and supervisors (the store in Telephony.Storage implements it).</summary>
public interface ICdrSearch
{
    /// <summary>One page of records matching <paramref name="query"/>, newest first.</summary>
    /// <exception cref="ArgumentException">A filter the store cannot apply (named by the exception's ParamName).</exception>
    Task<CdrPage> SearchAsync(CdrQuery query, CancellationToken cancel = default);

    /// <summary>The newest record of the leg with this Call-ID, or null when it has none.</summary>
    Task<CallDetailRecord?> FindAsync(string callId, CancellationToken cancel = default);
}
