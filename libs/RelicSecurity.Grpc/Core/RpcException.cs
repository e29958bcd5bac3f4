namespace RelicSecurity.Grpc;

/// <summary>
/// A call that ended with a non-OK status. Handlers throw it to answer with that status (its
/// <see cref="Trailers"/> are sent along); clients receive it with the trailers the server sent.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(Status status)
        : this(status, new Metadata(), status.Detail)
    {
    }

    public RpcException(Status status, Metadata trailers)
        : this(status, trailers, status.Detail)
    {
    }

    public RpcException(Status status, Metadata trailers, string message)
        : base(string.IsNullOrEmpty(message) ? status.ToString() : $"{status.StatusCode}: {message}")
    {
        ArgumentNullException.ThrowIfNull(trailers);
        Status = status;
        Trailers = trailers;
    }

    public RpcException()
        : this(new Status(StatusCode.Unknown, ""))
    {
    }

    public RpcException(string message)
        : this(new Status(StatusCode.Unknown, message))
    {
    }

    public RpcException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = new Status(StatusCode.Unknown, message);
        Trailers = new Metadata();
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>Trailing metadata: sent by a throwing handler, received by a client.</summary>
    public Metadata Trailers { get; }
}
