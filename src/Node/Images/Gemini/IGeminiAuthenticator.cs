namespace ActorStudio.Node.Images.Gemini;

/// <summary>Adds credentials to a Gemini request: an OAuth bearer token (Vertex AI) or an API key header.</summary>
public interface IGeminiAuthenticator
{
    ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}
