using Microsoft.AspNetCore.Builder;

namespace RelicSecurity.Grpc;

/// <summary>Applies conventions (authorization, metadata...) to every endpoint of a mapped service.</summary>
public sealed class GrpcEndpointConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in builders)
        {
            builder.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var builder in builders)
        {
            builder.Finally(finallyConvention);
        }
    }
}
