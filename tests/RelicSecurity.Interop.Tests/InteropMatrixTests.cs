using RelicSecurity.Interop.Tests.Infrastructure;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace RelicSecurity.Interop.Tests;

/// <summary>
/// Issue 8, Show 2: grpcio and grpc-js clients against the suite's gateway (in front of the interop
/// service and the real Sites service), the suite's client against grpcio and grpc-js servers, feature
/// by feature, plus a Python reflection/health client written against the public protocols. One
/// assertion per matrix cell.
/// </summary>
public sealed class InteropMatrixTests(InteropMatrixFixture fixture, ITestOutputHelper output) : IClassFixture<InteropMatrixFixture>
{
    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (peer, direction, feature) in InteropMatrixFixture.ExpectedCells())
        {
            data.Add(peer, direction, feature);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void The_suite_interoperates_with_the_peer_on_the_feature(string peer, string direction, string feature)
    {
        var cell = fixture.Matrix.Find(peer, direction, feature);
        var failedParts = fixture.Matrix.Cells.Where(c => c.Peer == peer && c.Direction == direction && !InteropMatrixFixture.ExpectedCells().Contains((c.Peer, c.Direction, c.Feature)));
        cell.ShouldNotBeNull($"no result for {peer} {direction} {feature}; {string.Join("; ", failedParts.Select(c => $"{c.Feature}: {c.Detail}"))}");
        output.WriteLine($"{peer} {direction} {feature}: {cell.Detail}");
        cell.Pass.ShouldBeTrue($"{peer} {direction} {feature}: {cell.Detail}");
    }

    [Fact]
    public void The_matrix_is_printed_and_has_no_failed_or_unexpected_cell()
    {
        output.WriteLine($"Matrix (also in {fixture.MatrixFile}):");
        output.WriteLine(fixture.Matrix.Render());
        var expected = InteropMatrixFixture.ExpectedCells().ToHashSet();
        fixture.Matrix.Cells.Where(c => !c.Pass).Select(c => $"{c.Peer} {c.Direction} {c.Feature}: {c.Detail}").ShouldBeEmpty();
        fixture.Matrix.Cells.Where(c => !expected.Contains((c.Peer, c.Direction, c.Feature))).Select(c => c.Feature).ShouldBeEmpty();
        fixture.Matrix.Cells.Count.ShouldBe(expected.Count);
    }
}
