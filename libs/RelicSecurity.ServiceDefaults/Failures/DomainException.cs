namespace RelicSecurity.ServiceDefaults.Failures;

/// <summary>
/// A request broke a domain rule. Domain classes throw these without knowing about gRPC; one
/// interceptor per process maps the <see cref="Kind"/> to a status, with the message as the status
/// detail, so the message must say what is wrong in words a caller can act on.
/// </summary>
public abstract class DomainException : Exception
{
    protected DomainException(FailureKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    protected DomainException(FailureKind kind, string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public FailureKind Kind { get; }
}
