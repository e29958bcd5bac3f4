namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>
/// Policy names for <c>[Authorize(Policy = SuitePolicies.X)]</c> on gRPC service methods: one per
/// scope. Province reach is checked per record (<see cref="Caller.CanReach"/>), since only the
/// handler knows which record a call touches.
/// </summary>
public static class SuitePolicies
{
    public const string SitesRead = "scope:" + SuiteScopes.SitesRead;
    public const string SitesWrite = "scope:" + SuiteScopes.SitesWrite;
    public const string CasesRead = "scope:" + SuiteScopes.CasesRead;
    public const string CasesWrite = "scope:" + SuiteScopes.CasesWrite;
    public const string InspectionsRead = "scope:" + SuiteScopes.InspectionsRead;
    public const string InspectionsWrite = "scope:" + SuiteScopes.InspectionsWrite;
    public const string StatusRead = "scope:" + SuiteScopes.StatusRead;
    public const string AuditRead = "scope:" + SuiteScopes.AuditRead;

    /// <summary>Only the national working group (e.g. SetSupervision).</summary>
    public const string National = "role:national";
}
