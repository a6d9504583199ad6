using System.Net.Http.Headers;
using Google.Apis.Auth.OAuth2;

namespace ActorStudio.Node.Images.Gemini;

/// <summary>
/// Vertex AI bearer tokens from Google.Apis.Auth: a service-account file when one is configured, application default
/// credentials otherwise. The library caches tokens and refreshes them before expiry; the credential is loaded once.
/// </summary>
public sealed class GoogleCredentialAuthenticator(string? credentialsFile) : IGeminiAuthenticator
{
    private const string Scope = "https://www.googleapis.com/auth/cloud-platform";
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private ITokenAccess? _credential;

    public async ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var credential = _credential ?? await LoadAsync(cancellationToken).ConfigureAwait(false);
        var token = await credential.GetAccessTokenForRequestAsync(request.RequestUri?.ToString(), cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private async Task<ITokenAccess> LoadAsync(CancellationToken cancellationToken)
    {
        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_credential is not null)
            {
                return _credential;
            }

            GoogleCredential credential = string.IsNullOrWhiteSpace(credentialsFile)
                ? await GoogleCredential.GetApplicationDefaultAsync(cancellationToken).ConfigureAwait(false)
                : (await CredentialFactory.FromFileAsync<ServiceAccountCredential>(credentialsFile, cancellationToken).ConfigureAwait(false)).ToGoogleCredential();
            _credential = credential.CreateScoped(Scope);
            return _credential;
        }
        finally
        {
            _loadGate.Release();
        }
    }
}
