using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Cases.Audit;

/// <summary>
/// The audit of one CaseService call (scoped to the call). Handlers name the records they touch; a write stores
/// the entry inside its own transaction and marks it written, and <see cref="AuditInterceptor"/> stores it for
/// every other ending (reads, refusals, failures) — so each call leaves exactly one entry.
/// </summary>
public sealed class CallAudit
{
    private readonly List<string> _recordIds = [];

    public Caller Caller { get; private set; } = new("", "", null, new HashSet<string>());

    public string Method { get; private set; } = "";

    /// <summary>True once the entry is committed (by a write's transaction).</summary>
    public bool Written { get; private set; }

    public IReadOnlyList<string> RecordIds => _recordIds;

    public void Begin(Caller caller, string method)
    {
        Caller = caller;
        Method = method;
    }

    /// <summary>Records a case or relic id the call read, wrote or was refused (once each, in order).</summary>
    public void Touch(string recordId)
    {
        if (recordId.Length > 0 && !_recordIds.Contains(recordId))
        {
            _recordIds.Add(recordId);
        }
    }

    public void TouchAll(IEnumerable<string> recordIds)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        foreach (var id in recordIds)
        {
            Touch(id);
        }
    }

    public AuditEntry Entry(string outcome, DateTimeOffset at) =>
        new(at, Caller.Subject, Caller.Role, Caller.Province ?? "", Method, [.. _recordIds], outcome);

    public void MarkWritten() => Written = true;
}
