using Google.Protobuf;
using Google.Protobuf.Reflection;
using RelicSecurity.Grpc.Reflection.V1;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

public sealed class ReflectionTests : EchoServerTests
{
    [Fact]
    public async Task Reflection_lists_services_and_a_call_built_only_from_fetched_descriptors_works()
    {
        var reflection = new ServerReflection.ServerReflectionClient(Channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        services.ShouldContain("relic.test.v1.EchoService");
        services.ShouldContain("grpc.health.v1.Health");
        services.ShouldContain("grpc.reflection.v1.ServerReflection");
        services.ShouldContain("grpc.reflection.v1alpha.ServerReflection");

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "relic.test.v1.EchoService" });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        var protos = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto;

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "relic.nothing.Here" });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        call.ResponseStream.Current.ErrorResponse.ErrorCode.ShouldBe((int)StatusCode.NotFound);
        await call.RequestStream.CompleteAsync();
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeFalse();

        // Dependencies first, as BuildFromByteStrings expects.
        var files = FileDescriptor.BuildFromByteStrings(protos.Reverse());
        var service = files.SelectMany(f => f.Services).Single(s => s.FullName == "relic.test.v1.EchoService");
        var echo = service.FindMethodByName("Echo");
        var textField = echo.InputType.FindFieldByName("text");
        var replyText = echo.OutputType.FindFieldByName("text");

        // Request encoded from the descriptor alone, sent raw, reply decoded from the descriptor alone.
        var body = new MemoryStream();
        var output = new CodedOutputStream(body);
        output.WriteTag(textField.FieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteString("via reflection");
        output.Flush();
        using var http = new HttpClient();
        using var request = RawGrpc.Request(Server.Address, $"/{service.FullName}/{echo.Name}", RawGrpc.Frame(body.ToArray()));
        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        RawGrpc.Status(response).ShouldBe("0");
        var input = new CodedInputStream(bytes, 5, bytes.Length - 5);
        string? text = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == replyText.FieldNumber)
            {
                text = input.ReadString();
            }
            else
            {
                input.SkipLastField();
            }
        }

        text.ShouldBe("via reflection");
    }

    [Fact]
    public async Task V1alpha_reflection_answers_file_by_name_with_dependencies()
    {
        var reflection = new Reflection.V1Alpha.ServerReflection.ServerReflectionClient(Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Reflection.V1Alpha.ServerReflectionRequest { FileByFilename = "grpc/health/v1/health.proto", Host = "h" });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        var response = call.ResponseStream.Current;
        response.ValidHost.ShouldBe("h");
        response.OriginalRequest.FileByFilename.ShouldBe("grpc/health/v1/health.proto");
        var file = FileDescriptorProto.Parser.ParseFrom(response.FileDescriptorResponse.FileDescriptorProto[0]);
        file.Package.ShouldBe("grpc.health.v1");
        await call.RequestStream.CompleteAsync();
    }
}
