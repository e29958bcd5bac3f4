using RelicSecurity.Grpc.Reflection.V1;

namespace RelicSecurity.Grpc.Reflection;

/// <summary>grpc.reflection.v1.ServerReflection: answers each request on the stream in order.</summary>
internal sealed class ReflectionV1Service(ReflectionIndex index) : ServerReflection.ServerReflectionBase
{
    public override async Task ServerReflectionInfo(IAsyncStreamReader<ServerReflectionRequest> requestStream, IServerStreamWriter<ServerReflectionResponse> responseStream, ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            await responseStream.WriteAsync(Answer(index.Current, requestStream.Current), context.CancellationToken).ConfigureAwait(false);
        }
    }

    internal static ServerReflectionResponse Answer(ReflectionIndex.Snapshot snapshot, ServerReflectionRequest request)
    {
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                list.Service.AddRange(snapshot.ServiceNames.Select(name => new ServiceResponse { Name = name }));
                response.ListServicesResponse = list;
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                Files(response, snapshot.FileByName(request.FileByFilename), $"File '{request.FileByFilename}' not found.");
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                Files(response, snapshot.FileContainingSymbol(request.FileContainingSymbol), $"Symbol '{request.FileContainingSymbol}' not found.");
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                var extension = request.FileContainingExtension;
                Files(response, snapshot.FileContainingExtension(extension.ContainingType, extension.ExtensionNumber),
                    $"Extension {extension.ExtensionNumber} of '{extension.ContainingType}' not found.");
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                var numbers = snapshot.ExtensionNumbers(request.AllExtensionNumbersOfType);
                if (numbers is null)
                {
                    Error(response, StatusCode.NotFound, $"Type '{request.AllExtensionNumbersOfType}' not found.");
                }
                else
                {
                    var all = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                    all.ExtensionNumber.AddRange(numbers);
                    response.AllExtensionNumbersResponse = all;
                }

                break;

            default:
                Error(response, StatusCode.InvalidArgument, "The reflection request names no known query.");
                break;
        }

        return response;
    }

    private static void Files(ServerReflectionResponse response, Google.Protobuf.Reflection.FileDescriptor? file, string notFound)
    {
        if (file is null)
        {
            Error(response, StatusCode.NotFound, notFound);
            return;
        }

        var files = new FileDescriptorResponse();
        files.FileDescriptorProto.AddRange(ReflectionIndex.Snapshot.WithDependencies(file));
        response.FileDescriptorResponse = files;
    }

    private static void Error(ServerReflectionResponse response, StatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };
}
