using ActorStudio.Actors.Sessions.State;

namespace ActorStudio.Actors.Generation.State;

/// <summary>One participant's generations (oldest first) and the windows their limits are counted in.</summary>
public sealed class ParticipantGenerations
{
    public List<GenerationRecord> Generations { get; } = [];

    /// <summary>(requested at, image count) for the rolling images-per-hour limit; rebuilt from the journal.</summary>
    public Queue<(DateTimeOffset At, int Images)> HourWindow { get; } = new();

    public int ImagesInWindow { get; set; }

    /// <summary>Prompts-per-minute bucket: live only (a restart forgives a burst, the hourly cap still holds).</summary>
    public TokenBucket PromptBucket { get; set; }

    public bool BucketStarted { get; set; }

    public void TrimWindow(DateTimeOffset now)
    {
        while (HourWindow.Count > 0 && now - HourWindow.Peek().At >= TimeSpan.FromHours(1))
        {
            ImagesInWindow -= HourWindow.Dequeue().Images;
        }
    }
}
