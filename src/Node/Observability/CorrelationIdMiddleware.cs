using System.Security.Cryptography;

namespace ActorStudio.Node.Observability;

/// <summary>
/// Gives every HTTP request (and so every WebSocket, which is a request that stays open) a correlation id: taken
/// from an incoming <c>X-Correlation-Id</c> when it is sane, otherwise minted. It is returned in the response
/// header, kept in <see cref="ICorrelationIdFeature"/>, and put in a logging scope so every log line written while
/// the request or socket runs carries <c>CorrelationId</c>.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string HeaderName = "X-Correlation-Id";
    private const int MaxLength = 64;

    public async Task InvokeAsync(HttpContext context)
    {
        var id = Resolve(context.Request.Headers[HeaderName]);
        context.Features.Set<ICorrelationIdFeature>(new CorrelationIdFeature(id));
        context.Response.Headers[HeaderName] = id;
        using (BeginScope(logger, id))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    /// <summary>The id a request or socket runs under: the incoming one when it is sane, otherwise a new one.</summary>
    internal static string Resolve(string? incoming) => Accept(incoming) ?? NewId();

    /// <summary>The logging scope that gives every line written inside it a structured <c>CorrelationId</c>.</summary>
    internal static IDisposable? BeginScope(ILogger logger, string id) => logger.BeginScope(new CorrelationScope(id));

    /// <summary>An incoming id is kept only if it is 1..64 characters of letters, digits, '-', '_', '.', ':'; anything else could forge log lines.</summary>
    internal static string? Accept(string? incoming)
    {
        if (string.IsNullOrEmpty(incoming) || incoming.Length > MaxLength)
        {
            return null;
        }

        foreach (var c in incoming)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return null;
            }
        }

        return incoming;
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>A scope state that logging providers render as a structured <c>CorrelationId</c> field.</summary>
    private sealed class CorrelationScope(string id) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("CorrelationId", id) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "CorrelationId:" + id;
    }
}
