using RelicSecurity.ServiceDefaults.Failures;

namespace RelicSecurity.Inspections.Domain;

/// <summary>
/// No record of this kind has this id, or the caller may not know that it does (answered as NOT_FOUND
/// either way, so a record outside the caller's province is indistinguishable from a missing one).
/// </summary>
public sealed class RecordNotFoundException(string kind, string id)
    : DomainException(FailureKind.NotFound, $"{kind} \"{id}\" does not exist")
{
    public string RecordKind { get; } = kind;

    public string RecordId { get; } = id;
}
