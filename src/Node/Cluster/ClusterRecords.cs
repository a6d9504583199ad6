namespace ActorStudio.Node.Cluster;

/// <summary>A registered node as the registry sees it; <see cref="Sessions"/> counts its unexpired leases.</summary>
public sealed record ClusterNodeInfo(string NodeId, string PublicUrl, int Sessions, int Connections, bool Draining, bool Live, DateTimeOffset HeartbeatAt);

/// <summary>The lease row of one session. <see cref="NodeId"/> null: released.</summary>
public sealed record SessionLease(string SessionId, string? NodeId, string? OwnerPublicUrl, bool Valid, bool OwnerLive, long Epoch);
