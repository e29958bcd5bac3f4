using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;

namespace RelicSecurity.Cases.Audit;

/// <summary>
/// Reads the record ids out of a unary gRPC request that authorization refused before any handler parsed it, so the
/// refusal's audit entry names what the caller asked for. Best effort: a request that is not one whole, readable
/// message within the limits yields no ids (the entry is written all the same).
/// </summary>
public static class RefusedRequest
{
    /// <summary>The request fields that name a case or relic (case_id, relic_id; record_id of ListAuditEntries).</summary>
    private static readonly string[] RecordIdFields = ["case_id", "relic_id", "record_id"];

    // The service's largest legitimate request (a relic with its Object ID text) is far below this; a refused caller
    // gets no more of our memory than that.
    private const int MaxMessageBytes = 1024 * 1024;

    // A refused caller that stalls its body does not hold the refusal (or a connection slot) for long.
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<string>> RecordIdsAsync(HttpContext context, MethodDescriptor method)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(method);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(ReadLimit);
        byte[]? payload;
        try
        {
            payload = await ReadFirstMessageAsync(context.Request, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidDataException or BadHttpRequestException)
        {
            return [];
        }

        if (payload is null)
        {
            return [];
        }

        IMessage message;
        try
        {
            message = method.InputType.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            return [];
        }

        var ids = new List<string>();
        foreach (var name in RecordIdFields)
        {
            if (method.InputType.FindFieldByName(name) is { FieldType: FieldType.String, IsRepeated: false } field
                && field.Accessor.GetValue(message) is string { Length: > 0 } id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>The first length-prefixed gRPC message of the body, decompressed; null if there is none or it is too large.</summary>
    private static async Task<byte[]?> ReadFirstMessageAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        await request.Body.ReadExactlyAsync(header, cancellationToken);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > MaxMessageBytes)
        {
            return null;
        }

        var payload = new byte[length];
        await request.Body.ReadExactlyAsync(payload, cancellationToken);
        if (header[0] == 0)
        {
            return payload;
        }

        if (!string.Equals(request.Headers["grpc-encoding"], "gzip", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        await using var gzip = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await gzip.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (plain.Length + read > MaxMessageBytes)
            {
                return null;
            }

            plain.Write(buffer, 0, read);
        }

        return plain.ToArray();
    }
}
