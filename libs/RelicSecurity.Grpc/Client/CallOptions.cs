namespace RelicSecurity.Grpc;

/// <summary>Per-call settings: metadata, deadline, cancellation, idempotency (for retries).</summary>
public readonly record struct CallOptions(Metadata? Headers = null, DateTime? Deadline = null, CancellationToken CancellationToken = default)
{
    /// <summary>Marks this call safe to repeat: UNAVAILABLE failures are retried within the deadline.</summary>
    public bool IsIdempotent { get; init; }

    public CallOptions WithHeaders(Metadata headers) => this with { Headers = headers };

    public CallOptions WithDeadline(DateTime deadline) => this with { Deadline = deadline };

    public CallOptions WithCancellationToken(CancellationToken cancellationToken) => this with { CancellationToken = cancellationToken };

    public CallOptions WithIdempotent(bool idempotent = true) => this with { IsIdempotent = idempotent };

    /// <summary>Adds "authorization: Bearer &lt;token&gt;" to the call's headers.</summary>
    public CallOptions WithBearerToken(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var headers = new Metadata();
        if (Headers is not null)
        {
            foreach (var entry in Headers)
            {
                headers.Add(entry);
            }
        }

        headers.Add("authorization", "Bearer " + token);
        return this with { Headers = headers };
    }
}
