namespace RelicSecurity.ServiceDefaults.Failures;

/// <summary>A request with bad fields, each error naming its field; answered with INVALID_ARGUMENT.</summary>
public sealed class RequestValidationException : DomainException
{
    public RequestValidationException(IReadOnlyList<string> errors)
        : base(FailureKind.InvalidArgument, "invalid request: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public RequestValidationException()
        : this(["request: invalid"])
    {
    }

    public RequestValidationException(string message)
        : this([message])
    {
    }

    public RequestValidationException(string message, Exception innerException)
        : base(FailureKind.InvalidArgument, message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; }
}
