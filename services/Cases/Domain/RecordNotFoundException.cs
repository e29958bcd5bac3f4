using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Cases.Domain;

/// <summary>
/// No such case or relic — or one the caller may not see: a record outside the caller's province is answered
/// exactly like a missing one, so its existence leaks nothing (NOT_FOUND).
/// </summary>
public sealed class RecordNotFoundException(string kind, string id)
    : DomainException(FailureKind.NotFound, $"{kind} \"{id}\" does not exist")
{
    public string Id { get; } = id;
}
