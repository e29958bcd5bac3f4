using Google.Protobuf.WellKnownTypes;
using Npgsql;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Sites.Domain;

namespace RelicSecurity.Sites.Persistence;

/// <summary>Column list and row mapping of the sites table (enums are stored as proto numbers).</summary>
internal static class SiteRows
{
    public const string Columns = """
        site_id, name, province_code, county, category, protection_level, latitude, longitude,
        custodian_unit, responsible_person, responsible_phone, intrusion_alarm, cctv, night_patrol, fire_protection,
        open_cases, open_hazards_low, open_hazards_medium, open_hazards_high, open_hazards_critical,
        overdue_rectifications, missing_facilities, risk_score, risk_level, last_inspected_at, version, created_at, updated_at
        """;

    public const int ColumnCount = 28;

    public static Site Read(NpgsqlDataReader reader)
    {
        var site = new Site
        {
            SiteId = reader.GetGuid(0).ToString(),
            Name = reader.GetString(1),
            ProvinceCode = reader.GetString(2),
            County = reader.GetString(3),
            Category = (SiteCategory)reader.GetInt16(4),
            ProtectionLevel = (ProtectionLevel)reader.GetInt16(5),
            Latitude = reader.GetDouble(6),
            Longitude = reader.GetDouble(7),
            CustodianUnit = reader.GetString(8),
            ResponsiblePerson = reader.GetString(9),
            ResponsiblePhone = reader.GetString(10),
            Facilities = new SecurityFacilities
            {
                IntrusionAlarm = reader.GetBoolean(11),
                Cctv = reader.GetBoolean(12),
                NightPatrol = reader.GetBoolean(13),
                FireProtection = reader.GetBoolean(14),
            },
            RiskFactors = new Contracts.Sites.V1.RiskFactors
            {
                OpenCases = reader.GetInt32(15),
                OpenHazardsLow = reader.GetInt32(16),
                OpenHazardsMedium = reader.GetInt32(17),
                OpenHazardsHigh = reader.GetInt32(18),
                OpenHazardsCritical = reader.GetInt32(19),
                OverdueRectifications = reader.GetInt32(20),
                MissingFacilities = reader.GetInt32(21),
            },
            RiskScore = reader.GetInt32(22),
            RiskLevel = (RiskLevel)reader.GetInt16(23),
            Version = reader.GetInt64(25),
            CreatedAt = Timestamp.FromDateTime(reader.GetFieldValue<DateTime>(26)),
            UpdatedAt = Timestamp.FromDateTime(reader.GetFieldValue<DateTime>(27)),
        };
        if (!reader.IsDBNull(24))
        {
            site.LastInspectedAt = Timestamp.FromDateTime(reader.GetFieldValue<DateTime>(24));
        }

        return site;
    }

    public static Domain.RiskFactors FactorsOf(Site site)
    {
        var f = site.RiskFactors ?? new Contracts.Sites.V1.RiskFactors();
        return new Domain.RiskFactors(f.OpenCases, f.OpenHazardsLow, f.OpenHazardsMedium, f.OpenHazardsHigh,
            f.OpenHazardsCritical, f.OverdueRectifications, f.MissingFacilities);
    }

    public static SecurityFacilitySet FacilitiesOf(Site site) => site.Facilities is { } f
        ? new SecurityFacilitySet(f.IntrusionAlarm, f.Cctv, f.NightPatrol, f.FireProtection)
        : SecurityFacilitySet.None;

    public static bool TryParseId(string siteId, out Guid id) => Guid.TryParse(siteId, out id);

    /// <summary>PostgreSQL keeps microseconds; rounding here makes returned and re-read timestamps equal.</summary>
    public static DateTime UtcNowMicroseconds()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Utc);
    }
}
