namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>The scopes of API.md ("scope" claim, space separated); each RPC requires exactly one.</summary>
public static class SuiteScopes
{
    public const string SitesRead = "sites.read";
    public const string SitesWrite = "sites.write";
    public const string CasesRead = "cases.read";
    public const string CasesWrite = "cases.write";
    public const string InspectionsRead = "inspections.read";
    public const string InspectionsWrite = "inspections.write";
    public const string StatusRead = "status.read";
    public const string AuditRead = "audit.read";

    public static IReadOnlyList<string> All { get; } =
        [SitesRead, SitesWrite, CasesRead, CasesWrite, InspectionsRead, InspectionsWrite, StatusRead, AuditRead];

    /// <summary>The policy name an RPC names in <c>[Authorize(Policy = ...)]</c> to require a scope.</summary>
    public static string Policy(string scope) => "scope:" + scope;
}
