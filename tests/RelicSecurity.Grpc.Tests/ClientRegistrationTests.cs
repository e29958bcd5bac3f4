using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.Grpc.Testing;
using RelicSecurity.Grpc.Tests.Protos;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

public sealed class ClientRegistrationTests : EchoServerTests
{
    [Fact]
    public async Task A_registered_typed_client_calls_the_configured_server()
    {
        var services = new ServiceCollection();
        services.AddRelicGrpcClient<EchoService.EchoServiceClient>(_ => Server.Address, (_, o) => o.MaxReceiveMessageSize = 1024 * 1024);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<EchoService.EchoServiceClient>();
        (await client.EchoAsync(new EchoRequest { Text = "from DI" })).Text.ShouldBe("from DI");
        provider.GetRequiredService<EchoService.EchoServiceClient>().ShouldBeSameAs(client);
    }

    [Fact]
    public async Task A_handler_can_be_unit_tested_with_a_test_call_context()
    {
        var headers = new Metadata { { "echo-note", "hi" } };
        var context = new TestServerCallContext(EchoService.Descriptor.FindMethodByName("Echo"), headers);
        var reply = await new TestEchoService().Echo(new EchoRequest { Text = "direct" }, context);
        reply.Text.ShouldBe("direct");
        reply.SeenMetadata.ShouldContain("echo-note=hi");
        context.ResponseTrailers.GetValue("echo-note").ShouldBe("hi");
        context.Method.ShouldBe("/relic.test.v1.EchoService/Echo");
    }
}
