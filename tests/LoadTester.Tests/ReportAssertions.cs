using System.Text.Json;

namespace ActorStudio.LoadTester.Tests;

/// <summary>Checks a --json report file against the shape issue 7 asks for, and its internal arithmetic.</summary>
internal static class ReportAssertions
{
    public static JsonElement AssertWellFormed(string path, string target, int participants)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement root = doc.RootElement.Clone();
        Assert.Equal(target, root.GetProperty("target").GetString());
        Assert.Equal(participants, root.GetProperty("participants").GetInt32());
        Assert.True(root.GetProperty("durationS").GetDouble() > 0);
        JsonElement deliveries = root.GetProperty("deliveries");
        long expected = deliveries.GetProperty("expected").GetInt64();
        long received = deliveries.GetProperty("received").GetInt64();
        long lost = deliveries.GetProperty("lost").GetInt64();
        Assert.Equal(Math.Max(0, expected - received), lost);
        Assert.True(deliveries.TryGetProperty("duplicated", out _));
        foreach (string field in new[] { "p50", "p90", "p99", "max" })
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty("latencyMs").GetProperty(field).ValueKind);
        }

        JsonElement latency = root.GetProperty("latencyMs");
        Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("p99").GetDouble());
        Assert.True(latency.GetProperty("p99").GetDouble() <= latency.GetProperty("max").GetDouble());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("joinMs").GetProperty("p50").ValueKind);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("joinMs").GetProperty("p99").ValueKind);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("errors").ValueKind);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("disconnects").ValueKind);
        JsonElement failover = root.GetProperty("failover");
        Assert.Equal(root.GetProperty("urls").GetArrayLength(), failover.GetProperty("nodes").GetInt32());
        Assert.Equal(failover.GetProperty("failovers").GetInt64(), failover.GetProperty("lostToWelcomeMs").GetProperty("count").GetInt64());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("timeline").ValueKind);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("histogram").ValueKind);
        long histogramTotal = root.GetProperty("histogram").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64());
        Assert.Equal(received, histogramTotal);
        return root;
    }
}
