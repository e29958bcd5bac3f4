using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Gateway.Tests.Dashboard;

/// <summary>The local sign-in issues tokens only on a gateway given the very key it validates with.</summary>
[Collection("servers")]
public sealed class LocalSignInTests(LocalServersFixture servers) : IDisposable
{
    private readonly string _keys = Directory.CreateTempSubdirectory("relic-local-key-").FullName;

    public void Dispose() => Directory.Delete(_keys, recursive: true);

    [Fact]
    public async Task A_gateway_without_the_local_key_offers_no_sign_in_and_issues_nothing()
    {
        await using var gateway = await DashboardGatewayHost.StartAsync(servers);

        using var offer = await gateway.GetAsync("/api/sign-in", token: null);
        (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("local").GetBoolean().ShouldBeFalse();
        using var asked = await gateway.Http.PostAsJsonAsync("/api/sign-in/local", new { role = SuiteRoles.National });
        // No such endpoint: the request falls to the gateway's authenticated catch-all, never to a token.
        asked.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task With_the_local_key_a_provincial_sign_in_gets_a_token_that_reads_its_own_province_only()
    {
        var (privateKey, publicKey) = WriteKeyPair("local");
        await using var gateway = await DashboardGatewayHost.StartAsync(servers, LocalKeySettings(privateKey, publicKey));

        using var offer = await gateway.GetAsync("/api/sign-in", token: null);
        (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("local").GetBoolean().ShouldBeTrue();
        using var signedIn = await gateway.Http.PostAsJsonAsync("/api/sign-in/local", new { role = SuiteRoles.Provincial, province = "330000" });
        signedIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();

        using var status = await gateway.GetAsync("/api/status", token);
        status.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caller").GetProperty("province").GetString().ShouldBe("330000");
        using var refused = await gateway.Http.PostAsJsonAsync("/api/sign-in/local", new { role = "root" });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_local_key_that_is_not_the_validating_key_stops_the_gateway_at_start()
    {
        var (privateKey, _) = WriteKeyPair("signing");
        var (_, otherPublicKey) = WriteKeyPair("other");

        var failure = await Should.ThrowAsync<InvalidOperationException>(async () =>
            await DashboardGatewayHost.StartAsync(servers, LocalKeySettings(privateKey, otherPublicKey)));

        failure.Message.ShouldContain("LocalSignInKeyPath");
    }

    private static Dictionary<string, string?> LocalKeySettings(string privateKey, string publicKey) => new()
    {
        ["Auth:PublicKey"] = null,
        ["Auth:PublicKeyPath"] = publicKey,
        ["Dashboard:LocalSignInKeyPath"] = privateKey,
    };

    private (string PrivateKey, string PublicKey) WriteKeyPair(string name)
    {
        using var rsa = RSA.Create(2048);
        var privatePath = Path.Combine(_keys, name + ".pem");
        var publicPath = Path.Combine(_keys, name + ".public.pem");
        File.WriteAllText(privatePath, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(publicPath, rsa.ExportSubjectPublicKeyInfoPem());
        return (privatePath, publicPath);
    }
}
