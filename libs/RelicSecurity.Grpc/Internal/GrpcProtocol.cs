using System.Buffers;
using System.Globalization;
using System.Text;

namespace RelicSecurity.Grpc.Internal;

/// <summary>Wire constants and encodings of gRPC over HTTP/2 (grpc/grpc doc/PROTOCOL-HTTP2.md).</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string IdentityEncoding = "identity";
    public const string GzipEncoding = "gzip";
    public const string SupportedEncodings = "identity,gzip";
    public const int HeaderSize = 5;
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>CancellationTokenSource.CancelAfter accepts at most int.MaxValue milliseconds (~24.8 days).</summary>
    public static readonly TimeSpan MaxTimerDue = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    private static readonly string[] StatusStrings = Enumerable.Range(0, 17).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>"application/grpc", "application/grpc+proto" or "application/grpc;..." (case-insensitive).</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (contentType.Length == ContentType.Length)
        {
            return true;
        }

        var next = contentType[ContentType.Length];
        return next is '+' or ';';
    }

    public static string StatusString(StatusCode code) =>
        (uint)code < (uint)StatusStrings.Length ? StatusStrings[(int)code] : ((int)code).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses "1H", "200m", "5000000u"...; null when absent or malformed (= no deadline).</summary>
    public static TimeSpan? ParseTimeout(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9)
        {
            return null;
        }

        long amount = 0;
        for (var i = 0; i < value.Length - 1; i++)
        {
            var c = value[i];
            if (c is < '0' or > '9')
            {
                return null;
            }

            amount = (amount * 10) + (c - '0');
        }

        return value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromTicks(amount * 10),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => null,
        };
    }

    /// <summary>Formats a timeout as at most 8 digits plus a unit, rounding up so a deadline never shrinks.</summary>
    public static string FormatTimeout(TimeSpan timeout)
    {
        var ticks = Math.Max(timeout.Ticks, 0);
        const long MaxValue = 99_999_999;
        // Microseconds first (precise), then coarser units when the number does not fit in 8 digits.
        var micros = (ticks + 9) / 10;
        if (micros <= MaxValue)
        {
            return micros.ToString(CultureInfo.InvariantCulture) + "u";
        }

        var millis = (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        if (millis <= MaxValue)
        {
            return millis.ToString(CultureInfo.InvariantCulture) + "m";
        }

        var seconds = (ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        if (seconds <= MaxValue)
        {
            return seconds.ToString(CultureInfo.InvariantCulture) + "S";
        }

        var minutes = (ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute;
        if (minutes <= MaxValue)
        {
            return minutes.ToString(CultureInfo.InvariantCulture) + "M";
        }

        var hours = Math.Min((ticks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour, MaxValue);
        return hours.ToString(CultureInfo.InvariantCulture) + "H";
    }

    /// <summary>Percent-encodes UTF-8 bytes outside 0x20–0x7E and '%' (the grpc-message rule).</summary>
    public static string PercentEncode(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return "";
        }

        var needs = false;
        foreach (var c in message)
        {
            if (c is < ' ' or > '~' or '%')
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return message;
        }

        var bytes = Encoding.UTF8.GetBytes(message);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E or (byte)'%')
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes a percent-encoded grpc-message; malformed escapes are kept literally.</summary>
    public static string PercentDecode(string? value)
    {
        if (string.IsNullOrEmpty(value) || !value.Contains('%', StringComparison.Ordinal))
        {
            return value ?? "";
        }

        var bytes = ArrayPool<byte>.Shared.Rent(value.Length);
        try
        {
            var count = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c == '%' && i + 2 < value.Length &&
                    byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                {
                    bytes[count++] = b;
                    i += 2;
                }
                else
                {
                    bytes[count++] = (byte)c;
                }
            }

            return Encoding.UTF8.GetString(bytes, 0, count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Decodes base64 with or without padding (peers may send either).</summary>
    public static bool TryDecodeBase64(string value, out byte[] bytes)
    {
        var trimmed = value.Trim();
        var padding = (4 - (trimmed.Length % 4)) % 4;
        if (padding == 3)
        {
            bytes = [];
            return false;
        }

        if (padding > 0)
        {
            trimmed += new string('=', padding);
        }

        try
        {
            bytes = Convert.FromBase64String(trimmed);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    /// <summary>Base64 without padding, as the spec asks senders to emit.</summary>
    public static string EncodeBase64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    /// <summary>Headers that belong to the protocol, not to application metadata.</summary>
    public static bool IsReservedHeader(string name)
    {
        if (name.Length == 0)
        {
            return true;
        }

        // Dispatch on the first letter: this runs for every header of every call that reads metadata.
        return (char)(name[0] | 0x20) switch
        {
            ':' => true,
            'g' => name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase),
            'c' => name.Equals("content-type", StringComparison.OrdinalIgnoreCase)
                || name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("content-encoding", StringComparison.OrdinalIgnoreCase)
                || name.Equals("connection", StringComparison.OrdinalIgnoreCase),
            't' => name.Equals("te", StringComparison.OrdinalIgnoreCase)
                || name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase)
                || name.Equals("trailer", StringComparison.OrdinalIgnoreCase),
            'h' => name.Equals("host", StringComparison.OrdinalIgnoreCase),
            'a' => name.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    // Kestrel enumerates known request headers under their Title-Case names ("User-Agent"); HTTP/2 peers
    // send lowercase only, so this set stays as small as Kestrel's list of known headers.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> LowercaseNames = new(StringComparer.Ordinal);

    // Kestrel reports a known header under the same HeaderNames string instance every time: a lookup by
    // reference costs no hashing of the characters.
    private static readonly Dictionary<string, string> KnownLowercaseNames = BuildKnownLowercaseNames();

    private static Dictionary<string, string> BuildKnownLowercaseNames()
    {
        IEqualityComparer<string> byReference = ReferenceEqualityComparer.Instance;
        var names = new Dictionary<string, string>(byReference);
        foreach (var field in typeof(Microsoft.Net.Http.Headers.HeaderNames).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
        {
            if (field.GetValue(null) is string name)
            {
                names.TryAdd(name, name.ToLowerInvariant());
            }
        }

        return names;
    }

    private static string LowercaseName(string name)
    {
        if (KnownLowercaseNames.TryGetValue(name, out var known))
        {
            return known;
        }

        if (IsLowercase(name))
        {
            return name;
        }

        if (LowercaseNames.TryGetValue(name, out var lower))
        {
            return lower;
        }

        lower = name.ToLowerInvariant();
        if (LowercaseNames.Count < 512)
        {
            LowercaseNames.TryAdd(name, lower);
        }

        return lower;
    }

    /// <summary>Adds one received header (possibly several values) to metadata; false when a -bin value is not base64.</summary>
    public static bool TryAddMetadata(Metadata metadata, string name, Microsoft.Extensions.Primitives.StringValues values)
    {
        // StringValues' own enumerator: no boxing on the server's hot path.
        foreach (var value in values)
        {
            if (!TryAddMetadataValue(metadata, name, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds one received header (possibly several values) to metadata; false when a -bin value is not base64.</summary>
    public static bool TryAddMetadata(Metadata metadata, string name, IEnumerable<string?> values)
    {
        foreach (var value in values)
        {
            if (!TryAddMetadataValue(metadata, name, value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryAddMetadataValue(Metadata metadata, string name, string? value)
    {
        if (value is null)
        {
            return true;
        }

        var key = LowercaseName(name);
        if (!IsValidKey(key))
        {
            // Not representable as gRPC metadata (e.g. a proxy's odd header): leave it to HttpContext users.
            return true;
        }

        if (!Metadata.Entry.IsBinaryKey(key))
        {
            // Key lowercase and valid, value made printable: no second check in the Entry constructor.
            metadata.Add(Metadata.Entry.Checked(key, SanitizeAscii(value)));
            return true;
        }

        // Several binary values may arrive comma-separated in one header field.
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryDecodeBase64(part, out var bytes))
            {
                return false;
            }

            metadata.Add(Metadata.Entry.Checked(key, bytes));
        }

        return true;
    }

    private static bool IsLowercase(string name)
    {
        foreach (var c in name)
        {
            if (c is >= 'A' and <= 'Z')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidKey(string key)
    {
        foreach (var c in key)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.'))
            {
                return false;
            }
        }

        return key.Length > 0;
    }

    private static string SanitizeAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return string.Create(value.Length, value, static (span, v) =>
                {
                    for (var i = 0; i < v.Length; i++)
                    {
                        span[i] = v[i] is < ' ' or > '~' ? '?' : v[i];
                    }
                });
            }
        }

        return value;
    }

    public static string MetadataValue(Metadata.Entry entry) => entry.IsBinary ? EncodeBase64(entry.ValueBytes) : entry.Value;

    /// <summary>The status a client reports for a non-200 HTTP answer without grpc-status.</summary>
    public static StatusCode StatusFromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 or 431 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
