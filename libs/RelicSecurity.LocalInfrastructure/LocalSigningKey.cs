using System.Security.Cryptography;

namespace RelicSecurity.LocalInfrastructure;

/// <summary>
/// The RS256 key pair a local run signs its tokens with: created once per data directory and kept there,
/// so tokens printed by <c>relicctl token</c> stay valid across app host restarts. The gateway and the
/// services get only <see cref="PublicKeyPath"/> (Auth__PublicKeyPath); the private key never leaves the
/// data directory. Real deployments use an OIDC authority instead and have no such files.
/// </summary>
public sealed class LocalSigningKey
{
    /// <summary>Folder of the key pair inside a data directory (.relic/auth by default).</summary>
    public const string Folder = "auth";

    public const string PrivateKeyFile = "signing-key.pem";

    public const string PublicKeyFile = "signing-key.public.pem";

    /// <summary>Issuer of local tokens, and the audience of every suite endpoint, unless configured otherwise.</summary>
    public const string LocalIssuer = "relic-local";

    public const string SuiteAudience = "relic-suite";

    private const int KeyBits = 2048;

    private LocalSigningKey(string directory)
    {
        Directory = directory;
    }

    /// <summary>The folder holding both files.</summary>
    public string Directory { get; }

    public string PrivateKeyPath => Path.Combine(Directory, PrivateKeyFile);

    public string PublicKeyPath => Path.Combine(Directory, PublicKeyFile);

    /// <summary>The folder of the key pair for a data directory (<c>&lt;dataDirectory&gt;/auth</c>).</summary>
    public static string DirectoryOf(string dataDirectory) => Path.Combine(dataDirectory, Folder);

    /// <summary>
    /// The key pair of <paramref name="dataDirectory"/>, created on first use. The private key is the one
    /// source of truth (readable by its owner only, placed with a no-overwrite rename so two concurrent
    /// first runs agree on one key); the public file is rewritten from it whenever it differs.
    /// </summary>
    public static LocalSigningKey LoadOrCreate(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var key = new LocalSigningKey(DirectoryOf(dataDirectory));
        System.IO.Directory.CreateDirectory(key.Directory);
        if (!File.Exists(key.PrivateKeyPath))
        {
            CreatePrivateKey(key.PrivateKeyPath);
        }

        using var rsa = key.LoadPrivateKey();
        var publicPem = rsa.ExportSubjectPublicKeyInfoPem();
        if (!File.Exists(key.PublicKeyPath) || File.ReadAllText(key.PublicKeyPath) != publicPem)
        {
            var temporary = TemporaryName(key.PublicKeyPath);
            File.WriteAllText(temporary, publicPem);
            File.Move(temporary, key.PublicKeyPath, overwrite: true);
        }

        return key;
    }

    /// <summary>
    /// The environment that makes the gateway or a service trust this key's tokens (the "Auth" section of
    /// RelicSecurity.ServiceDefaults): local issuer, suite audience, path of the public key.
    /// </summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment => new Dictionary<string, string>
    {
        ["Auth__Issuer"] = LocalIssuer,
        ["Auth__Audience"] = SuiteAudience,
        ["Auth__PublicKeyPath"] = PublicKeyPath,
    };

    /// <summary>The key pair of <paramref name="dataDirectory"/> if an app host created one there, else null (nothing is created).</summary>
    public static LocalSigningKey? TryLoad(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var key = new LocalSigningKey(DirectoryOf(dataDirectory));
        return File.Exists(key.PrivateKeyPath) ? key : null;
    }

    /// <summary>The private key, for signing (relicctl token).</summary>
    public RSA LoadPrivateKey()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(PrivateKeyPath));
        return rsa;
    }

    private static void CreatePrivateKey(string path)
    {
        using var rsa = RSA.Create(KeyBits);
        var temporary = TemporaryName(path);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, create))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(rsa.ExportPkcs8PrivateKeyPem());
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created the key first: use theirs.
            File.Delete(temporary);
        }
    }

    private static string TemporaryName(string path) => $"{path}.{Guid.NewGuid():N}.tmp";
}
