using Google.Protobuf;
using RelicSecurity.Interop.V1;

namespace RelicSecurity.Bench.Grpc;

/// <summary>
/// The two requests every server in the table answers, and the exact gRPC-framed bytes a correct
/// server sends back for them (the raw Kestrel ceiling answers these bytes without any gRPC code).
/// </summary>
public static class BenchMessages
{
    public const int StreamCount = 10;
    public const int PayloadSize = 64;

    public static EchoRequest Echo { get; } = new()
    {
        Text = "relic bench",
        Payload = ByteString.CopyFrom(Enumerable.Repeat((byte)'r', PayloadSize).ToArray()),
    };

    public static StreamRequest Stream { get; } = new() { Count = StreamCount, Size = PayloadSize };

    public static byte[] EchoResponseFrame { get; } =
        Frame(new EchoResponse { Text = Echo.Text, Payload = Echo.Payload });

    public static IReadOnlyList<byte[]> StreamResponseFrames { get; } =
        [.. Enumerable.Range(0, StreamCount).Select(i => Frame(new EchoResponse
        {
            Index = i,
            Payload = ByteString.CopyFrom(Enumerable.Repeat((byte)'x', PayloadSize).ToArray()),
        }))];

    /// <summary>Length-prefixed message: flag 0, 4-byte big-endian length, protobuf bytes.</summary>
    public static byte[] Frame(IMessage message)
    {
        var body = message.ToByteArray();
        var frame = new byte[5 + body.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)body.Length);
        body.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Writes the framed request bodies h2load sends (-d).</summary>
    public static void WriteRequestFiles(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "echo.bin"), Frame(Echo));
        File.WriteAllBytes(Path.Combine(directory, "stream.bin"), Frame(Stream));
    }
}
