using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RelicSecurity.Grpc.Server;

/// <summary>
/// Creates the service instance for a call: the DI registration when there is one, otherwise a new
/// instance per call with constructor injection (factory compiled once). When nothing the service needs
/// lives in a request scope (no dependencies, or only singletons), the root provider is used, so no DI
/// scope is created per call on the hot path; and when such a service has a single constructor, its
/// singleton arguments are resolved on the first call and reused, so a call costs one constructor call
/// instead of a container lookup per dependency.
/// </summary>
internal sealed class ServiceActivator<TService>
    where TService : class
{
    private readonly ObjectFactory _factory = ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes);
    private readonly bool _registered;
    private readonly bool _rootIsEnough;
    private readonly IServiceProvider _root;
    // Set when the service is built from the root provider with its only constructor: that constructor's
    // parameters, a factory taking them all as arguments, and (after the first call) their values.
    private readonly ParameterInfo[]? _parameters;
    private readonly ObjectFactory? _argumentFactory;
    private object?[]? _arguments;

    public ServiceActivator(IServiceProvider root)
    {
        _root = root;
        var lifetimes = root.GetService<ServiceLifetimes>();
        _registered = root.GetService<IServiceProviderIsService>()?.IsService(typeof(TService)) ?? true;
        _rootIsEnough = lifetimes is not null && (_registered
            ? lifetimes.LifetimeOf(typeof(TService)) == ServiceLifetime.Singleton
            : typeof(TService).GetConstructors().All(c => c.GetParameters().All(p => IsRootSafe(p, lifetimes))));
        if (_rootIsEnough && !_registered && typeof(TService).GetConstructors() is [var constructor]
            && !constructor.IsDefined(typeof(ActivatorUtilitiesConstructorAttribute), inherit: false))
        {
            _parameters = constructor.GetParameters();
            _argumentFactory = _parameters.Length == 0
                ? _factory
                : ActivatorUtilities.CreateFactory(typeof(TService), [.. _parameters.Select(p => p.ParameterType)]);
        }
    }

    public (TService Service, bool Created) Create(HttpContext http)
    {
        if (_argumentFactory is not null)
        {
            return ((TService)_argumentFactory(_root, _arguments ??= ResolveArguments()), true);
        }

        var services = _rootIsEnough ? _root : http.RequestServices;
        if (_registered)
        {
            return ((TService)services.GetRequiredService(typeof(TService)), false);
        }

        return ((TService)_factory(services, null), true);
    }

    /// <summary>
    /// The constructor's arguments: singletons from the root provider (the same instances on every call),
    /// or the parameter's default when nothing is registered for it. Two threads may both resolve them on the
    /// first calls; they get the same singletons.
    /// </summary>
    private object?[] ResolveArguments()
    {
        var parameters = _parameters!;
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            var value = _root.GetService(parameter.ParameterType);
            if (value is null)
            {
                if (!parameter.HasDefaultValue)
                {
                    throw new InvalidOperationException(
                        $"Unable to resolve service for type '{parameter.ParameterType}' while activating '{typeof(TService)}'.");
                }

                value = parameter.DefaultValue ?? (parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null
                    ? Activator.CreateInstance(parameter.ParameterType)
                    : null);
            }

            arguments[i] = value;
        }

        return arguments;
    }

    public static ValueTask ReleaseAsync(TService service, bool created)
    {
        if (!created)
        {
            return ValueTask.CompletedTask;
        }

        if (service is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        (service as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A singleton, or an optional parameter nobody registered (its default is used either way).</summary>
    private static bool IsRootSafe(ParameterInfo parameter, ServiceLifetimes lifetimes) =>
        lifetimes.LifetimeOf(parameter.ParameterType) switch
        {
            ServiceLifetime.Singleton => parameter.ParameterType != typeof(IServiceProvider),
            null => parameter.HasDefaultValue,
            _ => false,
        };
}
