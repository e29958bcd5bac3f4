using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RelicSecurity.Grpc.Tests.Protos;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

public sealed class TlsTests
{
    [Fact]
    public async Task Calls_work_over_TLS_with_HTTP2_negotiated_by_ALPN()
    {
        using var certificate = CreateSelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
        }));
        builder.Services.AddRelicGrpc();
        await using var app = builder.Build();
        app.MapGrpcService<TestEchoService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        address.ShouldStartWith("https://");

        var thumbprint = certificate.Thumbprint;
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            ConfigureHandler = h => h.SslOptions.RemoteCertificateValidationCallback =
                (_, cert, _, _) => cert is X509Certificate2 c && c.Thumbprint == thumbprint,
        });
        var client = new EchoService.EchoServiceClient(channel);
        (await client.EchoAsync(new EchoRequest { Text = "over tls" })).Text.ShouldBe("over tls");

        using var stream = client.Count(new EchoRequest { Count = 3 });
        var count = 0;
        await foreach (var _ in stream.ResponseStream.ReadAllAsync())
        {
            count++;
        }

        count.ShouldBe(3);
        await app.StopAsync();
    }

    private static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel on Linux needs the key in an exportable, re-imported form.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
    }
}
