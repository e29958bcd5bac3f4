using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Google.Protobuf;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Cli.Sites;

/// <summary>One row of an import file and where it came from, so a rejection names the file's line.</summary>
public sealed record SiteFileRow(ImportSitesRequest Request, string Origin);

/// <summary>
/// Reads sites to import from CSV (header row, columns named like the .proto fields) or JSON (an array of
/// Site or ImportSitesRequest objects in protobuf JSON). Rows without a request_id get one derived from
/// the file's content and the row's position, so importing the same file again creates nothing twice.
/// </summary>
public static class SiteFile
{
    public static readonly string[] CsvColumns =
    [
        "name", "province_code", "county", "category", "protection_level", "latitude", "longitude", "custodian_unit",
        "responsible_person", "responsible_phone", "intrusion_alarm", "cctv", "night_patrol", "fire_protection", "request_id",
    ];

    public static IReadOnlyList<SiteFileRow> Read(string path, string? format)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: no such file");
        }

        var text = File.ReadAllText(path);
        var fileKey = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))[..16];
        var kind = (format ?? Path.GetExtension(path).TrimStart('.')).ToUpperInvariant();
        var rows = kind switch
        {
            "CSV" => ReadCsv(text, path),
            "JSON" => ReadJson(text, path),
            _ => throw new InputException($"{path}: say --format csv or --format json (the extension does not tell)"),
        };
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Request.RequestId.Length == 0)
            {
                rows[i].Request.RequestId = $"import-{fileKey}-{i}";
            }
        }

        return rows;
    }

    private static List<SiteFileRow> ReadJson(string text, string path)
    {
        var rows = new List<SiteFileRow>();
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InputException($"{path}: expected a JSON array of sites");
            }

            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var request = element.TryGetProperty("site", out _)
                    ? JsonParser.Default.Parse<ImportSitesRequest>(element.GetRawText())
                    : new ImportSitesRequest { Site = JsonParser.Default.Parse<Site>(element.GetRawText()) };
                rows.Add(new SiteFileRow(request, $"element {index++}"));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidProtocolBufferException or InvalidJsonException)
        {
            throw new InputException($"{path}: {ex.Message}");
        }

        return rows;
    }

    private static List<SiteFileRow> ReadCsv(string text, string path)
    {
        var records = Csv.Parse(text);
        if (records.Count == 0)
        {
            throw new InputException($"{path}: empty file (a header row is needed: {string.Join(',', CsvColumns)})");
        }

        var header = records[0].Fields.Select(name => name.Trim().ToLowerInvariant()).ToList();
        var unknown = header.Where(name => !CsvColumns.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new InputException($"{path}: unknown column(s) {string.Join(", ", unknown)}; known: {string.Join(',', CsvColumns)}");
        }

        var rows = new List<SiteFileRow>();
        foreach (var record in records.Skip(1))
        {
            var values = header.Zip(record.Fields).ToDictionary(pair => pair.First, pair => pair.Second.Trim(), StringComparer.Ordinal);
            string Value(string column) => values.GetValueOrDefault(column, "");
            var origin = $"line {record.Line}";
            var site = new Site
            {
                Name = Value("name"),
                ProvinceCode = Value("province_code"),
                County = Value("county"),
                Category = EnumValue<SiteCategory>(Value("category"), origin, "category"),
                ProtectionLevel = EnumValue<ProtectionLevel>(Value("protection_level"), origin, "protection_level"),
                Latitude = Number(Value("latitude"), origin, "latitude"),
                Longitude = Number(Value("longitude"), origin, "longitude"),
                CustodianUnit = Value("custodian_unit"),
                ResponsiblePerson = Value("responsible_person"),
                ResponsiblePhone = Value("responsible_phone"),
                Facilities = new SecurityFacilities
                {
                    IntrusionAlarm = Flag(Value("intrusion_alarm"), origin, "intrusion_alarm"),
                    Cctv = Flag(Value("cctv"), origin, "cctv"),
                    NightPatrol = Flag(Value("night_patrol"), origin, "night_patrol"),
                    FireProtection = Flag(Value("fire_protection"), origin, "fire_protection"),
                },
            };
            rows.Add(new SiteFileRow(new ImportSitesRequest { Site = site, RequestId = Value("request_id") }, origin));
        }

        return rows;
    }

    // An empty cell is left unset, for the server to reject with its own message; a wrong word is the file's mistake.
    private static TEnum EnumValue<TEnum>(string text, string origin, string column) where TEnum : struct, Enum
    {
        if (text.Length == 0)
        {
            return default;
        }

        return EnumText.TryParse<TEnum>(text, out var value)
            ? value
            : throw new InputException($"{origin}, {column}: \"{text}\" is not one of {EnumText.Choices<TEnum>()}");
    }

    private static double Number(string text, string origin, string column) =>
        text.Length == 0 ? 0 : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InputException($"{origin}, {column}: \"{text}\" is not a number");

    private static bool Flag(string text, string origin, string column) => text.ToUpperInvariant() switch
    {
        "" or "FALSE" or "NO" or "0" => false,
        "TRUE" or "YES" or "1" => true,
        _ => throw new InputException($"{origin}, {column}: \"{text}\" is not true/false"),
    };
}
