using RelicSecurity.Sites.Nearby;
using RelicSecurity.Sites.Persistence;
using Shouldly;
using Xunit;

namespace RelicSecurity.Sites.Tests.Persistence;

public sealed class PageTokenTests
{
    [Fact]
    public void A_token_survives_encoding_including_non_ascii_names()
    {
        var token = new PageToken(0xDEADBEEF, -7, "龙门石窟 Longmen", Guid.CreateVersion7());

        PageToken.TryDecode(token.Encode(), out var decoded).ShouldBeTrue();

        decoded.ShouldBe(token);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("")]
    public void Garbage_is_not_a_token(string text)
    {
        PageToken.TryDecode(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void The_search_box_contains_the_whole_circle()
    {
        var (minLat, maxLat, minLon, maxLon) = SphereGeometry.BoundingBox(34.38, 109.25, 50);

        maxLat.ShouldBeGreaterThan(34.38 + 0.449);
        minLat.ShouldBeLessThan(34.38 - 0.449);
        // 50 km east at ~35°N is ~0.55° of longitude.
        maxLon.ShouldBeGreaterThan(109.25 + 0.54);
        minLon.ShouldBeLessThan(109.25 - 0.54);
    }

    [Fact]
    public void A_circle_across_the_antimeridian_searches_all_longitudes()
    {
        var (_, _, minLon, maxLon) = SphereGeometry.BoundingBox(0, 179.9, 100);

        (minLon, maxLon).ShouldBe((-180, 180));
    }
}
