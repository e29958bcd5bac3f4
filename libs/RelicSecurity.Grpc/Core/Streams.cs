using System.Runtime.CompilerServices;

namespace RelicSecurity.Grpc;

/// <summary>Reads a stream of messages (a server's request stream, a client's response stream).</summary>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNext"/>.</summary>
    T Current { get; }

    /// <summary>Advances to the next message; false at the end of the stream.</summary>
    Task<bool> MoveNext(CancellationToken cancellationToken);
}

/// <summary>Writes response messages of a server streaming or bidirectional call.</summary>
public interface IServerStreamWriter<in T>
{
    /// <summary>Writes one message and flushes it to the client.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}

/// <summary>Writes request messages of a client streaming or bidirectional call.</summary>
public interface IClientStreamWriter<in T>
{
    /// <summary>Writes one message and flushes it to the server.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);

    /// <summary>Ends the request stream: the server sees the end of its requests.</summary>
    Task CompleteAsync();
}

public static class AsyncStreamReaderExtensions
{
    /// <summary>Reads all remaining messages as an async sequence.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(this IAsyncStreamReader<T> reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (await reader.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.Current;
        }
    }
}
