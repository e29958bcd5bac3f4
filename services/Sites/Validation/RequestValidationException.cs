namespace RelicSecurity.Sites.Validation;

/// <summary>A request with bad fields; the gRPC handler answers it with INVALID_ARGUMENT.</summary>
public sealed class RequestValidationException : Exception
{
    public RequestValidationException(IReadOnlyList<string> errors)
        : base("invalid request: " + string.Join("; ", errors))
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
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; }
}
