namespace RelicSecurity.ServiceDefaults.Failures;

/// <summary>
/// Collects every problem of a request so one INVALID_ARGUMENT names all bad fields at once (a
/// <see cref="RequestValidationException"/>, which the DomainStatusInterceptor maps).
/// </summary>
public sealed class FieldErrors
{
    private readonly List<string> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<string> Items => _errors;

    public void Add(string field, string problem) => _errors.Add($"{field}: {problem}");

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new RequestValidationException(_errors);
        }
    }

    public override string ToString() => string.Join("; ", _errors);
}
