using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Inspections.Grpc;
using RelicSecurity.ServiceDefaults.Security;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Service;

public sealed class PolicyCoverageTests
{
    [Fact]
    public void Every_method_of_the_contract_is_implemented_and_requires_an_inspections_scope()
    {
        var methods = InspectionService.Descriptor.Methods.Select(m => m.Name).ToList();
        methods.ShouldContain("CancelInspection");
        foreach (var name in methods)
        {
            var implementation = typeof(InspectionGrpcService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
            implementation.ShouldNotBeNull($"{name} is not implemented (it would answer UNIMPLEMENTED)");
            var policy = implementation.GetCustomAttribute<AuthorizeAttribute>()?.Policy;
            policy.ShouldBeOneOf([SuitePolicies.InspectionsRead, SuitePolicies.InspectionsWrite], $"{name} has no inspections policy");
            var reads = name.StartsWith("Get", StringComparison.Ordinal) || name.StartsWith("List", StringComparison.Ordinal);
            policy.ShouldBe(reads ? SuitePolicies.InspectionsRead : SuitePolicies.InspectionsWrite, name);
        }
    }
}
