using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>
/// A self-signed server certificate for 127.0.0.1 and localhost made for one test, written as PEM files the
/// way an operator hands them to Kestrel (certificate + key) and to the gateway (the certificate to trust).
/// </summary>
internal sealed class TestCertificate : IDisposable
{
    private readonly string _directory;

    private TestCertificate(string directory, X509Certificate2 certificate)
    {
        _directory = directory;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePath => Path.Combine(_directory, "server.crt");

    public string KeyPath => Path.Combine(_directory, "server.key");

    public static TestCertificate Create(string name)
    {
        var directory = Directory.CreateTempSubdirectory($"relic-tls-{name}-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        var now = TimeProvider.System.GetUtcNow();
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var created = new TestCertificate(directory, certificate);
        File.WriteAllText(created.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(created.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return created;
    }

    /// <summary>Kestrel settings for one TLS endpoint on a free loopback port with this certificate.</summary>
    public IReadOnlyDictionary<string, string?> KestrelEndpoint() => new Dictionary<string, string?>
    {
        ["Kestrel:Endpoints:Tls:Url"] = "https://127.0.0.1:0",
        ["Kestrel:Endpoints:Tls:Certificate:Path"] = CertificatePath,
        ["Kestrel:Endpoints:Tls:Certificate:KeyPath"] = KeyPath,
    };

    /// <summary>A client handler that trusts only this certificate (host names still checked).</summary>
    public SocketsHttpHandler TrustingHandler()
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(Certificate);
        return new SocketsHttpHandler { SslOptions = { CertificateChainPolicy = policy } };
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
