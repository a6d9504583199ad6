using Microsoft.AspNetCore.SignalR;

namespace ActorStudio.SignalRBaseline;

/// <summary>
/// The classroom job ActorStudio's session does, in stock SignalR: join a session (group),
/// broadcast chat to the group, announce presence (joined/left) to the group.
/// </summary>
public sealed class ClassroomHub(ClassroomRoster roster) : Hub
{
    private const string SessionKey = "session";
    private const string NameKey = "name";
    private const int MaxTextLength = 2000;

    public async Task<int> JoinSession(string sessionId, string displayName)
    {
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 64 || displayName is null || displayName.Length > 64)
        {
            throw new HubException("invalid_input");
        }

        Context.Items[SessionKey] = sessionId;
        Context.Items[NameKey] = displayName;
        await Groups.AddToGroupAsync(Context.ConnectionId, sessionId);
        var count = roster.Add(sessionId, Context.ConnectionId, displayName);
        await Clients.OthersInGroup(sessionId).SendAsync("presence", Context.ConnectionId, displayName, "joined");
        return count;
    }

    public Task SendChat(string text)
    {
        if (Context.Items[SessionKey] is not string sessionId)
        {
            throw new HubException("not_joined");
        }

        if (string.IsNullOrEmpty(text) || text.Length > MaxTextLength)
        {
            throw new HubException("invalid_input");
        }

        return Clients.Group(sessionId).SendAsync("chat", Context.ConnectionId, text);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items[SessionKey] is string sessionId)
        {
            roster.Remove(sessionId, Context.ConnectionId);
            var name = Context.Items[NameKey] as string ?? string.Empty;
            await Clients.OthersInGroup(sessionId).SendAsync("presence", Context.ConnectionId, name, "left");
        }

        await base.OnDisconnectedAsync(exception);
    }
}
