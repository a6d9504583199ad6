using ActorStudio.Actors.Sessions;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Node.Sessions.Security;

namespace ActorStudio.Node.Tests.Sessions;

/// <summary>Joins pay PBKDF2 once per (session, code); wrong codes pay it every time and are never remembered.</summary>
public sealed class AccessCodeVerifierTests
{
    private readonly AccessCodes codes = new();

    [Fact]
    public void A_right_code_pays_pbkdf2_once_then_matches_from_the_cache_however_it_is_typed()
    {
        var (access, host, collaborator, viewer) = NewSession("s1");
        using var verifier = new AccessCodeVerifier(codes);

        Assert.Equal(ParticipantRole.Viewer, verifier.Match(viewer, access));
        Assert.Equal(1, verifier.SlowChecks);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(ParticipantRole.Viewer, verifier.Match(viewer, access));
        }

        Assert.Equal(ParticipantRole.Viewer, verifier.Match(viewer.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), access));
        Assert.Equal(1, verifier.SlowChecks);

        Assert.Equal(ParticipantRole.Host, verifier.Match(host, access));
        Assert.Equal(ParticipantRole.Collaborator, verifier.Match(collaborator, access));
        Assert.Equal(3, verifier.SlowChecks);
        Assert.Equal(3, verifier.Count);
    }

    [Fact]
    public void Wrong_codes_pay_pbkdf2_every_time_and_are_never_remembered()
    {
        var (access, _, _, viewer) = NewSession("s1");
        using var verifier = new AccessCodeVerifier(codes);
        Assert.Equal(ParticipantRole.Viewer, verifier.Match(viewer, access));

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(verifier.Match("WRNG-CODE-0000", access));
        }

        Assert.Equal(4, verifier.SlowChecks);
        Assert.Equal(1, verifier.Count);
    }

    [Fact]
    public void A_code_remembered_for_one_session_opens_nothing_in_another()
    {
        var (first, _, _, viewer) = NewSession("s1");
        var (second, _, _, _) = NewSession("s2");
        using var verifier = new AccessCodeVerifier(codes);

        Assert.Equal(ParticipantRole.Viewer, verifier.Match(viewer, first));
        Assert.Null(verifier.Match(viewer, second));

        // Same session id, new hashes (codes re-issued): the old success does not carry over.
        var reissued = first with { ViewerCodeHash = codes.Hash(codes.NewCode()) };
        Assert.Null(verifier.Match(viewer, reissued));
        Assert.Equal(3, verifier.SlowChecks);
    }

    [Fact]
    public void The_cache_is_bounded()
    {
        using var verifier = new AccessCodeVerifier(codes, capacity: 2);
        for (var i = 0; i < 5; i++)
        {
            var (access, _, _, viewer) = NewSession("s" + i);
            Assert.Equal(ParticipantRole.Viewer, verifier.Match(viewer, access));
            Assert.InRange(verifier.Count, 1, 2);
        }

        Assert.Equal(5, verifier.SlowChecks);
    }

    [Fact]
    public void The_cache_keeps_no_code_only_a_keyed_mac()
    {
        var (access, _, _, viewer) = NewSession("s1");
        using var verifier = new AccessCodeVerifier(codes);
        verifier.Match(viewer, access);

        // Whatever the verifier holds, none of it is a string (the code or its normalized form).
        var fields = typeof(AccessCodeVerifier).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        var cache = fields.Select(f => f.GetValue(verifier)).OfType<System.Collections.IDictionary>().Single();
        foreach (System.Collections.DictionaryEntry entry in cache)
        {
            Assert.IsNotType<string>(entry.Key);
            Assert.DoesNotContain(AccessCodes.Normalize(viewer), entry.Key.ToString(), StringComparison.Ordinal);
        }
    }

    private (SessionAccess Access, string Host, string Collaborator, string Viewer) NewSession(string id)
    {
        var host = codes.NewCode();
        var collaborator = codes.NewCode();
        var viewer = codes.NewCode();
        return (new SessionAccess(id, "T", codes.Hash(host), codes.Hash(collaborator), codes.Hash(viewer)), host, collaborator, viewer);
    }
}
