namespace ActorStudio.Node.LiveKit;

/// <summary>The narrowest grant each server API call needs (LiveKit checks these per method).</summary>
public static class LiveKitServiceGrants
{
    /// <summary>CreateRoom and DeleteRoom. Never hand this to a browser: it also deletes rooms.</summary>
    public static LiveKitVideoGrant RoomCreate { get; } = new() { RoomCreate = true };

    /// <summary>Egress start, stop and list.</summary>
    public static LiveKitVideoGrant RoomRecord { get; } = new() { RoomRecord = true };

    /// <summary>Participant management, scoped to one room.</summary>
    public static LiveKitVideoGrant RoomAdmin(string room)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        return new LiveKitVideoGrant { RoomAdmin = true, Room = room };
    }
}
