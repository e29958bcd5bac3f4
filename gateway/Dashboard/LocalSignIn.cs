using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Gateway.Dashboard;

/// <summary>
/// The local sign-in of a development run: the page asks for a national or provincial token and gets one signed with
/// the local development key. It exists only when the gateway is given that key's private half
/// (<see cref="DashboardOptions.LocalSignInKeyPath"/>) and that key is the one it validates tokens with, so a gateway
/// trusting a real identity provider can never mint tokens; and it answers loopback callers only.
/// </summary>
internal sealed partial class LocalSignIn(SuiteTokenIssuer issuer, TimeProvider time)
{
    /// <summary>A working session at the page; the key signs nothing that leaves the machine.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>The sign-in when configured, else null; a key that is not the validating one stops the gateway at start.</summary>
    public static LocalSignIn? Create(DashboardOptions options, SuiteAuthOptions auth, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(auth);
        if (string.IsNullOrWhiteSpace(options.LocalSignInKeyPath))
        {
            return null;
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(options.LocalSignInKeyPath));
        var validating = string.IsNullOrWhiteSpace(auth.PublicKey)
            ? (string.IsNullOrWhiteSpace(auth.PublicKeyPath) ? null : File.ReadAllText(auth.PublicKeyPath))
            : auth.PublicKey;
        if (validating is null || validating.Trim() != rsa.ExportSubjectPublicKeyInfoPem().Trim())
        {
            rsa.Dispose();
            throw new InvalidOperationException(
                "Dashboard:LocalSignInKeyPath is not the key the gateway validates tokens with (Auth:PublicKeyPath): the local sign-in stays off only for gateways without that setting.");
        }

        return new LocalSignIn(new SuiteTokenIssuer(rsa, auth.Issuer, auth.Audience, time), time);
    }

    public static void Map(IEndpointRouteBuilder routes, string host, LocalSignIn? signIn)
    {
        // The page asks first whether to offer the local sign-in at all.
        routes.MapGet("/api/sign-in", () => Results.Json(new LocalSignInOffer(signIn is not null), DashboardJson.Default.LocalSignInOffer))
            .RequireHost(host).AllowAnonymous();
        if (signIn is not null)
        {
            routes.MapPost("/api/sign-in/local", (HttpContext context, LocalSignInRequest request) => signIn.Issue(context, request))
                .RequireHost(host).AllowAnonymous();
        }
    }

    private IResult Issue(HttpContext context, LocalSignInRequest request)
    {
        if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        SuiteTokenClaims? claims = request.Role switch
        {
            SuiteRoles.National => new("dashboard-national", SuiteRoles.National, null, [.. SuiteScopes.All], "National working group (local)"),
            SuiteRoles.Provincial when request.Province is { } province && ProvinceCode().IsMatch(province) =>
                new($"dashboard-{province}", SuiteRoles.Provincial, province, [.. SuiteScopes.All.Where(s => s != SuiteScopes.AuditRead)],
                    $"Provincial team {province} (local)"),
            _ => null,
        };
        if (claims is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["role"] = ["national, or provincial with a 6-digit province code"],
            });
        }

        return Results.Json(new LocalSignInResponse(issuer.Issue(claims, Lifetime), time.GetUtcNow() + Lifetime),
            DashboardJson.Default.LocalSignInResponse);
    }

    [GeneratedRegex("^[1-6][0-9]0000$")]
    private static partial Regex ProvinceCode();
}
