using Google.Protobuf;
using RelicSecurity.Grpc.Reflection.V1Alpha;

namespace RelicSecurity.Grpc.Reflection;

/// <summary>
/// grpc.reflection.v1alpha.ServerReflection. Its messages are field-for-field the same as v1's, so each
/// request is re-read as v1, answered by the v1 logic and the answer re-read as v1alpha.
/// </summary>
internal sealed class ReflectionV1AlphaService(ReflectionIndex index) : ServerReflection.ServerReflectionBase
{
    public override async Task ServerReflectionInfo(IAsyncStreamReader<ServerReflectionRequest> requestStream, IServerStreamWriter<ServerReflectionResponse> responseStream, ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var request = V1.ServerReflectionRequest.Parser.ParseFrom(requestStream.Current.ToByteString());
            var answer = ReflectionV1Service.Answer(index.Current, request);
            await responseStream.WriteAsync(ServerReflectionResponse.Parser.ParseFrom(answer.ToByteString()), context.CancellationToken).ConfigureAwait(false);
        }
    }
}
