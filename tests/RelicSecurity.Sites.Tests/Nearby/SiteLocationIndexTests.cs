using RelicSecurity.Sites.Nearby;
using Shouldly;
using Xunit;

namespace RelicSecurity.Sites.Tests.Nearby;

public sealed class SiteLocationIndexTests
{
    [Theory]
    [InlineData(34.26, 108.94, 25)]      // Xi'an
    [InlineData(29.87, 121.54, 60)]      // Ningbo, coast
    [InlineData(45.75, 126.63, 500)]     // Harbin, large radius
    [InlineData(0.5, 179.95, 80)]        // across the antimeridian
    [InlineData(-0.3, -179.9, 80)]
    [InlineData(89.7, 10, 100)]          // around the North Pole
    [InlineData(34.26, 108.94, 0.4)]     // smaller than a cell
    public void Search_finds_exactly_the_sites_in_the_circle_nearest_first_like_brute_force(double latitude, double longitude, double radiusKm)
    {
        var random = new Random(20261122);
        var sites = RandomSitesAround(random, latitude, longitude, spreadDegrees: radiusKm / 40 + 0.5, count: 20_000);
        var index = new SiteLocationIndex();
        index.Apply(sites);

        foreach (var (category, minScore) in new (short?, int?)[] { (null, null), (2, null), (null, 3), (4, 6) })
        {
            var found = index.Search(latitude, longitude, radiusKm, 50, category, minScore);

            var expected = BruteForce(sites, latitude, longitude, radiusKm, category, minScore);
            found.Total.ShouldBe(expected.Count);
            found.Nearest.Select(m => m.SiteId).ShouldBe(expected.Take(50).Select(m => m.SiteId));
            // The index computes a in its chord form (no trigonometry per site): equal up to rounding.
            found.Nearest.Zip(expected).ShouldAllBe(pair => Math.Abs(pair.First.HaversineTerm - pair.Second.HaversineTerm) <= 1e-18 + (1e-9 * pair.Second.HaversineTerm));
        }
    }

    [Fact]
    public void A_moved_site_is_found_at_its_new_place_only()
    {
        var index = new SiteLocationIndex();
        var id = Guid.NewGuid();
        index.Apply([new IndexedSite(id, 34.26, 108.94, 1, 0, 1)]);

        index.Apply([new IndexedSite(id, 30.66, 104.06, 1, 0, 2)]); // Xi'an → Chengdu

        index.Search(34.26, 108.94, 10, 50).Total.ShouldBe(0);
        index.Search(30.66, 104.06, 10, 50).Nearest.Single().SiteId.ShouldBe(id);
        index.Count.ShouldBe(1);
    }

    [Fact]
    public void A_change_older_than_the_held_version_is_ignored()
    {
        var index = new SiteLocationIndex();
        var id = Guid.NewGuid();
        index.Apply([new IndexedSite(id, 30.66, 104.06, 1, 0, 5)]);

        index.Apply([new IndexedSite(id, 34.26, 108.94, 1, 0, 4)]);

        index.Search(30.66, 104.06, 10, 50).Nearest.Single().SiteId.ShouldBe(id);
        index.Search(34.26, 108.94, 10, 50).Total.ShouldBe(0);
    }

    [Fact]
    public void Sites_without_their_encoding_are_counted_and_listed_until_it_arrives()
    {
        var index = new SiteLocationIndex(keepSites: true);
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        index.Apply(ids.Select(id => new IndexedSite(id, 30, 120, 1, 0, 1)));
        index.WithoutEncodingCount.ShouldBe(3);
        index.WithoutEncoding(2).Count.ShouldBe(2);

        index.Apply([new IndexedSite(ids[0], 30, 120, 1, 0, 1, Encoded: [1, 2, 3])]);
        index.WithoutEncodingCount.ShouldBe(2);
        index.WithoutEncoding(10).ShouldNotContain(ids[0]);
        index.Search(30, 120, 1, 10).Nearest.Single(m => m.SiteId == ids[0]).Encoded.ShouldBe(new byte[] { 1, 2, 3 });

        // A newer version read without its encoding (positions only, during a bulk import) lacks it again.
        index.Apply([new IndexedSite(ids[0], 30, 120, 1, 0, 2)]);
        index.WithoutEncodingCount.ShouldBe(3);

        new SiteLocationIndex(keepSites: false).WithoutEncodingCount.ShouldBe(0);
    }

    [Fact]
    public void The_limit_bounds_the_page_but_not_the_total()
    {
        var random = new Random(7);
        var sites = RandomSitesAround(random, 30, 120, 0.05, 1_000);
        var index = new SiteLocationIndex();
        index.Apply(sites);

        var found = index.Search(30, 120, 50, 3);

        found.Nearest.Count.ShouldBe(3);
        found.Total.ShouldBe(1_000);
        found.Nearest.Select(m => m.HaversineTerm).ShouldBeInOrder();
    }

    private static List<IndexedSite> RandomSitesAround(Random random, double latitude, double longitude, double spreadDegrees, int count) =>
        [.. Enumerable.Range(0, count).Select(_ =>
        {
            var lat = Math.Clamp(latitude + ((random.NextDouble() * 2) - 1) * spreadDegrees, -90, 90);
            var lon = longitude + ((random.NextDouble() * 2) - 1) * spreadDegrees * 2;
            lon = lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
            return new IndexedSite(Guid.NewGuid(), lat, lon, (short)random.Next(1, 7), random.Next(0, 12), 1);
        })];

    private static List<NearbyMatch> BruteForce(List<IndexedSite> sites, double latitude, double longitude, double radiusKm, short? category, int? minScore)
    {
        var cos = Math.Cos(latitude * Math.PI / 180);
        var limit = SphereGeometry.Limit(radiusKm);
        return [.. sites
            .Where(s => (category is null || s.Category == category) && (minScore is null || s.RiskScore >= minScore))
            .Select(s => new NearbyMatch(s.SiteId, SphereGeometry.HaversineTerm(latitude, longitude, cos, s.Latitude, s.Longitude)))
            .Where(m => m.HaversineTerm <= limit)
            .OrderBy(m => m.HaversineTerm).ThenBy(m => m.SiteId)];
    }
}
