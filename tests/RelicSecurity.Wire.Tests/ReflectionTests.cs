using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;
using ReflectionV1 = Grpc.Reflection.V1;
using ReflectionV1Alpha = Grpc.Reflection.V1Alpha;

namespace RelicSecurity.Wire.Tests;

/// <summary>
/// Server reflection in both versions tools use (grpcurl, Postman, Kreya still ask v1alpha), at the
/// service and at the gateway: the services are listed and their files come with their dependencies.
/// </summary>
[Collection("servers")]
public sealed class ReflectionTests(LocalServersFixture servers) : IAsyncLifetime
{
    private SuiteUnderTest _suite = null!;

    public async Task InitializeAsync() => _suite = await SuiteUnderTest.StartAsync(servers);

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    [Theory]
    [InlineData(Endpoint.Sites)]
    [InlineData(Endpoint.Gateway)]
    public async Task V1_lists_the_site_service_and_serves_its_file_with_dependencies(Endpoint endpoint)
    {
        using var call = new ReflectionV1.ServerReflection.ServerReflectionClient(_suite.Channel(endpoint)).ServerReflectionInfo(deadline: Soon());

        var names = (await AskAsync(call, new ReflectionV1.ServerReflectionRequest { ListServices = "" })).ListServicesResponse.Service.Select(s => s.Name);
        var file = await AskAsync(call, new ReflectionV1.ServerReflectionRequest { FileContainingSymbol = "relic.sites.v1.SiteService" });
        var byName = await AskAsync(call, new ReflectionV1.ServerReflectionRequest { FileByFilename = "google/protobuf/timestamp.proto" });
        await call.RequestStream.CompleteAsync();

        names.ShouldContain("relic.sites.v1.SiteService");
        names.ShouldContain("grpc.health.v1.Health");
        Files(file.FileDescriptorResponse.FileDescriptorProto).ShouldContain(f => f.Package == "relic.sites.v1");
        Files(file.FileDescriptorResponse.FileDescriptorProto).ShouldContain(f => f.Name == "google/protobuf/timestamp.proto");
        Files(byName.FileDescriptorResponse.FileDescriptorProto).Single().Name.ShouldBe("google/protobuf/timestamp.proto");
    }

    [Theory]
    [InlineData(Endpoint.Sites)]
    [InlineData(Endpoint.Gateway)]
    public async Task V1alpha_lists_the_site_service_and_serves_its_file_with_dependencies(Endpoint endpoint)
    {
        using var call = new ReflectionV1Alpha.ServerReflection.ServerReflectionClient(_suite.Channel(endpoint)).ServerReflectionInfo(deadline: Soon());

        await call.RequestStream.WriteAsync(new ReflectionV1Alpha.ServerReflectionRequest { ListServices = "" });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        await call.RequestStream.WriteAsync(new ReflectionV1Alpha.ServerReflectionRequest { FileContainingSymbol = "relic.sites.v1.SiteService" });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        var files = Files(call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto);
        await call.RequestStream.WriteAsync(new ReflectionV1Alpha.ServerReflectionRequest { FileContainingSymbol = "relic.nothing.v1.Nothing" });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        var unknown = call.ResponseStream.Current.ErrorResponse;
        await call.RequestStream.CompleteAsync();

        names.ShouldContain("relic.sites.v1.SiteService");
        files.ShouldContain(f => f.Package == "relic.sites.v1" && f.Service.Any(s => s.Name == "SiteService"));
        files.ShouldContain(f => f.Name == "google/protobuf/timestamp.proto");
        unknown.ErrorCode.ShouldBe((int)StatusCode.NotFound);
    }

    private static async Task<ReflectionV1.ServerReflectionResponse> AskAsync(
        AsyncDuplexStreamingCall<ReflectionV1.ServerReflectionRequest, ReflectionV1.ServerReflectionResponse> call, ReflectionV1.ServerReflectionRequest request)
    {
        await call.RequestStream.WriteAsync(request);
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        return call.ResponseStream.Current;
    }

    private static List<FileDescriptorProto> Files(IEnumerable<ByteString> files) => [.. files.Select(FileDescriptorProto.Parser.ParseFrom)];

    private static DateTime Soon() => DateTime.UtcNow.AddSeconds(30);
}
