namespace ActorStudio.Node.Analytics;

/// <summary>Settings under <c>Studio:Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Studio:Dashboard";

    /// <summary>
    /// The key operators present (<c>Authorization: Bearer …</c>, or typed into the dashboard page) to see every
    /// session. Also read from <c>STUDIO_OPERATOR_KEY</c>. Unset: the node-wide dashboard answers "not configured"
    /// (503), whatever the environment; hosts still see their own session with their app token.
    /// </summary>
    public string? OperatorKey { get; set; }

    /// <summary>How often the page polls, in milliseconds.</summary>
    public int RefreshMilliseconds { get; set; } = 3000;
}
