using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace RelicSecurity.ServiceDefaults.Security;

/// <summary>
/// Which certificates a suite process accepts from the suite services it connects to over TLS (the gateway
/// to a backend whose address is https://...). By default the system's trust store, as for any site. With
/// <see cref="TrustedCertificatesSetting"/> set to a PEM file of certificates (a private CA, or a service's own
/// self-signed certificate), those and only those are the roots: internal services rarely hold publicly
/// trusted certificates, and a private CA should not have to be installed machine-wide. Host names are
/// checked either way. Revocation is not checked against a private root (its certificates name no CRL or OCSP
/// endpoint to ask); the system store keeps the platform's default.
/// </summary>
public static class SuiteTls
{
    public const string TrustedCertificatesSetting = "Tls:TrustedCertificatesPath";

    /// <summary>The chain policy for backend certificates, or null for the system's default trust.</summary>
    public static X509ChainPolicy? TrustPolicy(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[TrustedCertificatesSetting];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPemFile(path);
        if (trusted.Count == 0)
        {
            throw new InvalidOperationException($"{TrustedCertificatesSetting} names {path}, which holds no PEM certificate.");
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(trusted);
        return policy;
    }

    /// <summary>Makes <paramref name="handler"/> check the certificates of https backends by <see cref="TrustPolicy"/>.</summary>
    public static SocketsHttpHandler TrustingSuiteCertificates(this SocketsHttpHandler handler, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (TrustPolicy(configuration) is { } policy)
        {
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        return handler;
    }
}
