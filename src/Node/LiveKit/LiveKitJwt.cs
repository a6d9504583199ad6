using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ActorStudio.Node.LiveKit;

/// <summary>
/// HS256 JSON Web Tokens in LiveKit's shape, written and checked by hand because no LiveKit .NET SDK is available.
/// Claims are written with <see cref="Utf8JsonWriter"/> so that times stay integers and grant names match LiveKit's.
/// </summary>
public static class LiveKitJwt
{
    // {"alg":"HS256","typ":"JWT"} — LiveKit's own minter omits typ; its verifiers accept both.
    private const string EncodedHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

    private const int MaxTokenLength = 16 * 1024;

    public static string Sign(LiveKitTokenClaims claims, string apiSecret)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentException.ThrowIfNullOrEmpty(apiSecret);

        var payload = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(payload))
        {
            WriteClaims(writer, claims);
        }

        var payloadLength = Base64Url.GetEncodedLength(payload.WrittenCount);
        var signingInputLength = EncodedHeader.Length + 1 + payloadLength;
        var signatureLength = Base64Url.GetEncodedLength(HMACSHA256.HashSizeInBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(signingInputLength + 1 + signatureLength);
        try
        {
            var written = Encoding.ASCII.GetBytes(EncodedHeader, buffer);
            buffer[written++] = (byte)'.';
            written += Base64Url.EncodeToUtf8(payload.WrittenSpan, buffer.AsSpan(written));

            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiSecret), buffer.AsSpan(0, written), mac);
            buffer[written++] = (byte)'.';
            written += Base64Url.EncodeToUtf8(mac, buffer.AsSpan(written));
            return Encoding.ASCII.GetString(buffer, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Checks signature (HS256 only, constant time), issuer, presence of <c>exp</c> and the time window with
    /// <paramref name="clockSkew"/> either side, like LiveKit's verifiers. Returns the claims or the reason for refusal.
    /// </summary>
    public static LiveKitTokenFailure TryVerify(
        string? token,
        string apiKey,
        string apiSecret,
        DateTimeOffset now,
        TimeSpan clockSkew,
        out LiveKitTokenClaims? claims)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        ArgumentException.ThrowIfNullOrEmpty(apiSecret);
        claims = null;
        if (string.IsNullOrEmpty(token))
        {
            return LiveKitTokenFailure.Missing;
        }

        if (token.Length > MaxTokenLength)
        {
            return LiveKitTokenFailure.Malformed;
        }

        var firstDot = token.IndexOf('.');
        var lastDot = token.LastIndexOf('.');
        if (firstDot <= 0 || lastDot == firstDot || lastDot == token.Length - 1 || token.IndexOf('.', firstDot + 1) != lastDot)
        {
            return LiveKitTokenFailure.Malformed;
        }

        var headerFailure = CheckHeader(token.AsSpan(0, firstDot));
        if (headerFailure != LiveKitTokenFailure.None)
        {
            return headerFailure;
        }

        if (!VerifySignature(token, lastDot, apiSecret))
        {
            return LiveKitTokenFailure.BadSignature;
        }

        byte[] payload;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(firstDot + 1, lastDot - firstDot - 1));
        }
        catch (FormatException)
        {
            return LiveKitTokenFailure.Malformed;
        }

        LiveKitTokenClaims? parsed;
        try
        {
            parsed = ReadClaims(payload);
        }
        catch (JsonException)
        {
            return LiveKitTokenFailure.Malformed;
        }

        if (parsed is null)
        {
            return LiveKitTokenFailure.Malformed;
        }

        if (!string.Equals(parsed.Issuer, apiKey, StringComparison.Ordinal))
        {
            return LiveKitTokenFailure.WrongIssuer;
        }

        if (parsed.Expires == 0)
        {
            return LiveKitTokenFailure.MissingExpiry;
        }

        var nowSeconds = now.ToUnixTimeSeconds();
        var skew = (long)clockSkew.TotalSeconds;
        if (parsed.NotBefore != 0 && nowSeconds + skew < parsed.NotBefore)
        {
            return LiveKitTokenFailure.NotYetValid;
        }

        if (nowSeconds - skew >= parsed.Expires)
        {
            return LiveKitTokenFailure.Expired;
        }

        claims = parsed;
        return LiveKitTokenFailure.None;
    }

    private static LiveKitTokenFailure CheckHeader(ReadOnlySpan<char> encodedHeader)
    {
        try
        {
            var header = Base64Url.DecodeFromChars(encodedHeader);
            using var document = JsonDocument.Parse(header);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("alg", out var alg) ||
                alg.ValueKind != JsonValueKind.String)
            {
                return LiveKitTokenFailure.Malformed;
            }

            return alg.ValueEquals("HS256") ? LiveKitTokenFailure.None : LiveKitTokenFailure.UnsupportedAlgorithm;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return LiveKitTokenFailure.Malformed;
        }
    }

    private static bool VerifySignature(string token, int lastDot, string apiSecret)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var signingInput = ArrayPool<byte>.Shared.Rent(lastDot);
        try
        {
            var length = Encoding.ASCII.GetBytes(token.AsSpan(0, lastDot), signingInput);
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiSecret), signingInput.AsSpan(0, length), expected);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(signingInput);
        }

        var encodedSignature = token.AsSpan(lastDot + 1);
        if (Base64Url.GetMaxDecodedLength(encodedSignature.Length) < HMACSHA256.HashSizeInBytes ||
            encodedSignature.Length > 64)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[Base64Url.GetMaxDecodedLength(encodedSignature.Length)];
        if (!Base64Url.TryDecodeFromChars(encodedSignature, actual, out var decoded) || decoded != HMACSHA256.HashSizeInBytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, actual[..decoded]);
    }

    private static void WriteClaims(Utf8JsonWriter writer, LiveKitTokenClaims claims)
    {
        writer.WriteStartObject();
        writer.WriteString("iss", claims.Issuer);
        if (claims.Subject is not null)
        {
            writer.WriteString("sub", claims.Subject);
        }

        writer.WriteNumber("nbf", claims.NotBefore);
        writer.WriteNumber("exp", claims.Expires);
        if (claims.IssuedAt is { } iat)
        {
            writer.WriteNumber("iat", iat);
        }

        if (claims.Name is not null)
        {
            writer.WriteString("name", claims.Name);
        }

        if (claims.Metadata is not null)
        {
            writer.WriteString("metadata", claims.Metadata);
        }

        if (claims.Sha256 is not null)
        {
            writer.WriteString("sha256", claims.Sha256);
        }

        if (claims.Video is { } video)
        {
            writer.WriteStartObject("video");
            WriteFlag(writer, "roomCreate", video.RoomCreate);
            WriteFlag(writer, "roomList", video.RoomList);
            WriteFlag(writer, "roomRecord", video.RoomRecord);
            WriteFlag(writer, "roomAdmin", video.RoomAdmin);
            WriteFlag(writer, "roomJoin", video.RoomJoin);
            if (video.Room is not null)
            {
                writer.WriteString("room", video.Room);
            }

            WriteFlag(writer, "canPublish", video.CanPublish);
            WriteFlag(writer, "canSubscribe", video.CanSubscribe);
            WriteFlag(writer, "canPublishData", video.CanPublishData);
            if (video.CanPublishSources is { } sources)
            {
                writer.WriteStartArray("canPublishSources");
                for (var i = 0; i < sources.Count; i++)
                {
                    writer.WriteStringValue(sources[i]);
                }

                writer.WriteEndArray();
            }

            WriteFlag(writer, "canUpdateOwnMetadata", video.CanUpdateOwnMetadata);
            WriteFlag(writer, "ingressAdmin", video.IngressAdmin);
            WriteFlag(writer, "hidden", video.Hidden);
            WriteFlag(writer, "recorder", video.Recorder);
            WriteFlag(writer, "agent", video.Agent);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteFlag(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
    }

    private static LiveKitTokenClaims? ReadClaims(byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var issuer = GetString(root, "iss");
        if (issuer is null)
        {
            return null;
        }

        LiveKitVideoGrant? video = null;
        if (root.TryGetProperty("video", out var grant) && grant.ValueKind == JsonValueKind.Object)
        {
            List<string>? sources = null;
            if (grant.TryGetProperty("canPublishSources", out var sourceArray) && sourceArray.ValueKind == JsonValueKind.Array)
            {
                sources = new List<string>(sourceArray.GetArrayLength());
                foreach (var source in sourceArray.EnumerateArray())
                {
                    if (source.ValueKind == JsonValueKind.String)
                    {
                        sources.Add(source.GetString()!);
                    }
                }
            }

            video = new LiveKitVideoGrant
            {
                RoomCreate = GetFlag(grant, "roomCreate"),
                RoomList = GetFlag(grant, "roomList"),
                RoomRecord = GetFlag(grant, "roomRecord"),
                RoomAdmin = GetFlag(grant, "roomAdmin"),
                RoomJoin = GetFlag(grant, "roomJoin"),
                Room = GetString(grant, "room"),
                CanPublish = GetFlag(grant, "canPublish"),
                CanSubscribe = GetFlag(grant, "canSubscribe"),
                CanPublishData = GetFlag(grant, "canPublishData"),
                CanPublishSources = sources,
                CanUpdateOwnMetadata = GetFlag(grant, "canUpdateOwnMetadata"),
                IngressAdmin = GetFlag(grant, "ingressAdmin"),
                Hidden = GetFlag(grant, "hidden"),
                Recorder = GetFlag(grant, "recorder"),
                Agent = GetFlag(grant, "agent"),
            };
        }

        return new LiveKitTokenClaims
        {
            Issuer = issuer,
            Subject = GetString(root, "sub"),
            Name = GetString(root, "name"),
            Metadata = GetString(root, "metadata"),
            NotBefore = GetSeconds(root, "nbf"),
            Expires = GetSeconds(root, "exp"),
            IssuedAt = root.TryGetProperty("iat", out _) ? GetSeconds(root, "iat") : null,
            Video = video,
            Sha256 = GetString(root, "sha256"),
        };
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool? GetFlag(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    // NumericDate is a JSON number (RFC 7519); a string is not a time, so it counts as absent.
    private static long GetSeconds(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return 0;
        }

        return value.TryGetInt64(out var seconds) ? seconds : (long)Math.Floor(value.GetDouble());
    }
}
