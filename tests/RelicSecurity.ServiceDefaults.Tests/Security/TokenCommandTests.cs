using Microsoft.IdentityModel.JsonWebTokens;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.ServiceDefaults.Tests.Messaging;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Security;

/// <summary><c>relicctl token</c> against a data directory's key pair, checked the way the suite's services check tokens.</summary>
public sealed class TokenCommandTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("relic-token-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task A_printed_token_is_one_line_that_the_suite_accepts_with_the_asked_claims()
    {
        var key = LocalSigningKey.LoadOrCreate(_dataDirectory);

        var (exitCode, output) = await Relicctl.RunAsync("token", "--role", "provincial", "--province", "330000",
            "--scope", "sites.read inspections.write", "--data-dir", _dataDirectory);

        exitCode.ShouldBe(0, output);
        output.TrimEnd('\n').ShouldNotContain('\n');
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(output.Trim(), SuiteAuthenticationExtensions.ValidationParameters(
            new SuiteAuthOptions { Issuer = LocalSigningKey.LocalIssuer, Audience = LocalSigningKey.SuiteAudience, PublicKeyPath = key.PublicKeyPath }));
        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        result.Claims["role"].ShouldBe("provincial");
        result.Claims["province"].ShouldBe("330000");
        result.Claims["scope"].ShouldBe("sites.read inspections.write");
    }

    [Fact]
    public async Task A_token_of_another_data_directory_is_refused()
    {
        LocalSigningKey.LoadOrCreate(_dataDirectory);
        var other = Directory.CreateTempSubdirectory("relic-token-other-").FullName;
        try
        {
            var otherKey = LocalSigningKey.LoadOrCreate(other);
            var (_, output) = await Relicctl.RunAsync("token", "--role", "national", "--data-dir", _dataDirectory);

            var result = await new JsonWebTokenHandler().ValidateTokenAsync(output.Trim(), SuiteAuthenticationExtensions.ValidationParameters(
                new SuiteAuthOptions { Issuer = LocalSigningKey.LocalIssuer, Audience = LocalSigningKey.SuiteAudience, PublicKeyPath = otherKey.PublicKeyPath }));

            result.IsValid.ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void The_key_pair_of_a_data_directory_is_created_once_and_kept()
    {
        var first = LocalSigningKey.LoadOrCreate(_dataDirectory);
        var publicKey = File.ReadAllText(first.PublicKeyPath);

        var second = LocalSigningKey.LoadOrCreate(_dataDirectory);

        File.ReadAllText(second.PublicKeyPath).ShouldBe(publicKey);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(second.PrivateKeyPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Theory]
    [InlineData("provincial")]
    [InlineData("provincial", "--province", "33")]
    [InlineData("integration")]
    [InlineData("emperor")]
    [InlineData("national", "--scope", "sites.read everything")]
    public async Task A_token_request_the_suite_would_not_honour_is_refused_without_a_token(params string[] arguments)
    {
        LocalSigningKey.LoadOrCreate(_dataDirectory);

        var (exitCode, output) = await Relicctl.RunAsync(["token", "--role", .. arguments, "--data-dir", _dataDirectory]);

        exitCode.ShouldBe(2);
        output.ShouldNotContain("eyJ");
    }

    [Fact]
    public async Task Without_an_app_host_key_no_token_is_printed()
    {
        var (exitCode, output) = await Relicctl.RunAsync("token", "--role", "national", "--data-dir", _dataDirectory);

        exitCode.ShouldBe(1);
        output.ShouldContain("start the app host");
        Directory.Exists(LocalSigningKey.DirectoryOf(_dataDirectory)).ShouldBeFalse();
    }
}
