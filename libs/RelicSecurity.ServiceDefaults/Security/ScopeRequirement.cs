using Microsoft.AspNetCore.Authorization;

namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>The caller's token must grant <see cref="Scope"/> (national callers hold every scope).</summary>
public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

/// <summary>
/// Decides <see cref="ScopeRequirement"/> by the rules of <see cref="Caller"/>. A token whose role is not
/// one of API.md's is refused whatever scopes it lists, and so is a provincial token without a province,
/// so a malformed token can never act unrestricted.
/// </summary>
public sealed class ScopeRequirementHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        var caller = Caller.From(context.User);
        var wellFormed = SuiteRoles.All.Contains(caller.Role)
            && (caller.Role != SuiteRoles.Provincial || !string.IsNullOrEmpty(caller.Province));
        if (wellFormed && caller.HasScope(requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
