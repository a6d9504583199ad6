namespace ActorStudio.Node.Images.Gemini;

/// <summary>The Gemini Developer API's key header. The key goes in a header, never the URL, so it stays out of logs.</summary>
public sealed class ApiKeyAuthenticator(string apiKey) : IGeminiAuthenticator
{
    public ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Add("x-goog-api-key", apiKey);
        return ValueTask.CompletedTask;
    }
}
