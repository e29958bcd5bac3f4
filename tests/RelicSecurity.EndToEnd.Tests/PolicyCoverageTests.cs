using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Security;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>
/// Every method of every public service (from the Contracts descriptors) must declare which policy it
/// needs on its implementation. Implementations are found, not listed: every type in the suite's
/// assemblies deriving from a generated *Base class is checked, so a service that lands later is
/// covered the day it lands.
/// </summary>
public sealed class PolicyCoverageTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> KnownPolicies = typeof(SuitePolicies)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Every_implemented_method_of_every_public_service_declares_a_suite_policy()
    {
        var services = PublicServices();
        var implementations = Implementations().ToList();
        var missing = new List<string>();
        foreach (var (descriptor, baseType) in services)
        {
            var found = implementations.Where(t => t.IsSubclassOf(baseType)).ToList();
            output.WriteLine($"{descriptor.FullName}: {(found.Count == 0 ? "no implementation yet" : string.Join(", ", found.Select(t => t.FullName)))}");
            foreach (var implementation in found)
            {
                foreach (var method in descriptor.Methods)
                {
                    if (PolicyOf(implementation, method.Name) is not { } policy)
                    {
                        missing.Add($"{implementation.FullName}.{method.Name} ({descriptor.FullName}/{method.Name})");
                    }
                    else if (!KnownPolicies.Contains(policy))
                    {
                        missing.Add($"{implementation.FullName}.{method.Name} names unknown policy \"{policy}\"");
                    }
                }
            }
        }

        services.Keys.Select(d => d.FullName).ShouldContain(SiteService.Descriptor.FullName);
        implementations.ShouldContain(t => t.IsSubclassOf(typeof(SiteService.SiteServiceBase)));
        missing.ShouldBeEmpty();
    }

    /// <summary>
    /// The policy a call of <paramref name="methodName"/> runs under: the method's own [Authorize(Policy)],
    /// else the class's. An inherited (not overridden) method answers UNIMPLEMENTED to everyone, but is
    /// still required to be covered by a class policy so that nothing depends on it staying unimplemented.
    /// </summary>
    private static string? PolicyOf(Type implementation, string methodName)
    {
        var method = implementation.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .SingleOrDefault(m => m.Name == methodName && m.DeclaringType == implementation);
        var declared = method?.GetCustomAttributes<AuthorizeAttribute>(inherit: false).Select(a => a.Policy).FirstOrDefault(p => p is not null)
            ?? implementation.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Select(a => a.Policy).FirstOrDefault(p => p is not null);
        return declared;
    }

    /// <summary>The relic.* services of the Contracts assembly, each with its generated *Base class.</summary>
    private static Dictionary<ServiceDescriptor, Type> PublicServices()
    {
        var services = new Dictionary<ServiceDescriptor, Type>();
        foreach (var type in typeof(SiteService).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>() is null || type.DeclaringType is not { } generated)
            {
                continue;
            }

            var descriptor = (ServiceDescriptor)generated.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            if (descriptor.FullName.StartsWith("relic.", StringComparison.Ordinal))
            {
                services[descriptor] = type;
            }
        }

        return services;
    }

    /// <summary>Concrete types deriving from any of the services' base classes in the suite's assemblies next to this test.</summary>
    private static IEnumerable<Type> Implementations()
    {
        var contracts = typeof(SiteService).Assembly.GetName().Name;
        var self = typeof(PolicyCoverageTests).Assembly.GetName().Name;
        foreach (var path in Directory.EnumerateFiles(AppContext.BaseDirectory, "RelicSecurity.*.dll"))
        {
            var name = AssemblyName.GetAssemblyName(path);
            if (name.Name == contracts || name.Name == self || name.Name!.EndsWith(".Tests", StringComparison.Ordinal))
            {
                continue;
            }

            Type[] types;
            try
            {
                types = Assembly.Load(name).GetTypes();
            }
            catch (ReflectionTypeLoadException partial)
            {
                types = [.. partial.Types.OfType<Type>()];
            }

            foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false }))
            {
                if (BaseClasses(type).Any(b => b.GetCustomAttribute<BindServiceMethodAttribute>() is not null))
                {
                    yield return type;
                }
            }
        }
    }

    private static IEnumerable<Type> BaseClasses(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            yield return current;
        }
    }
}
