namespace ActorStudio.Actors.Media;

/// <summary>
/// The rules of a session recording, free of I/O. Commands come from the host (start, stop) and from the outcome of
/// the calls the session makes to the media server; egress updates come from webhooks or from listing egress jobs and
/// may arrive late, twice or out of order, so every update is checked against the current phase.
/// </summary>
public static class RecordingStateMachine
{
    /// <summary>The host asks to record. Allowed when nothing is recording (again after a finished recording).</summary>
    public static RecordingTransition RequestStart(RecordingState current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.IsRecording
            ? RecordingTransition.Refuse(current, $"a recording is already {Describe(current.Phase)}")
            : RecordingTransition.Accept(current, new RecordingState(RecordingPhase.Starting, null, null, null));
    }

    /// <summary>The media server accepted the start call and named the egress job.</summary>
    public static RecordingTransition StartAccepted(RecordingState current, string egressId, RecordingEgressStatus status)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentException.ThrowIfNullOrEmpty(egressId);
        if (current.Phase != RecordingPhase.Starting)
        {
            return RecordingTransition.Refuse(current, $"no recording is starting (it is {Describe(current.Phase)})");
        }

        if (current.EgressId is not null && current.EgressId != egressId)
        {
            return RecordingTransition.Refuse(current, $"the starting recording is egress {current.EgressId}, not {egressId}");
        }

        // A webhook may have reported the job before the start call returned: adopt the id and apply its status.
        var withId = current with { EgressId = egressId };
        return ApplyEgressUpdate(withId, egressId, status, null, null) is { IsAccepted: true } applied
            ? RecordingTransition.Accept(current, applied.State)
            : RecordingTransition.Accept(current, withId);
    }

    /// <summary>The start call to the media server failed: nothing is recording.</summary>
    public static RecordingTransition StartFailed(RecordingState current, string error)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.Phase == RecordingPhase.Starting
            ? RecordingTransition.Accept(current, current with { Phase = RecordingPhase.Failed, Error = error })
            : RecordingTransition.Refuse(current, $"no recording is starting (it is {Describe(current.Phase)})");
    }

    /// <summary>The host asks to stop. Needs a known egress job that is starting or active.</summary>
    public static RecordingTransition RequestStop(RecordingState current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.Phase switch
        {
            RecordingPhase.Starting when current.EgressId is null =>
                RecordingTransition.Refuse(current, "the recording is still being set up; try again in a moment"),
            RecordingPhase.Starting or RecordingPhase.Active =>
                RecordingTransition.Accept(current, current with { Phase = RecordingPhase.Stopping }),
            RecordingPhase.Stopping => RecordingTransition.Refuse(current, "the recording is already stopping"),
            _ => RecordingTransition.Refuse(current, "nothing is recording"),
        };
    }

    /// <summary>
    /// The stop call failed. The job is still running as far as we know, so the recording goes back to active
    /// (a later egress update corrects this if the job had in fact ended).
    /// </summary>
    public static RecordingTransition StopFailed(RecordingState current, string error)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.Phase == RecordingPhase.Stopping
            ? RecordingTransition.Accept(current, current with { Phase = RecordingPhase.Active, Error = error })
            : RecordingTransition.Refuse(current, $"no recording is stopping (it is {Describe(current.Phase)})");
    }

    /// <summary>An egress update from a webhook or a listing.</summary>
    public static RecordingTransition ApplyEgressUpdate(
        RecordingState current,
        string egressId,
        RecordingEgressStatus status,
        string? location,
        string? error)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentException.ThrowIfNullOrEmpty(egressId);

        if (!current.IsRecording)
        {
            return RecordingTransition.Refuse(current, current.IsFinished
                ? $"the recording already {(current.Phase == RecordingPhase.Complete ? "completed" : "failed")}; late update ignored"
                : "nothing is recording; update for an unknown egress ignored");
        }

        var adopted = current;
        if (current.EgressId is null)
        {
            // Only a job that is coming up can be ours before the start call returned.
            if (status is not (RecordingEgressStatus.Starting or RecordingEgressStatus.Active))
            {
                return RecordingTransition.Refuse(current, $"egress {egressId} is not known to this recording");
            }

            adopted = current with { EgressId = egressId };
        }
        else if (current.EgressId != egressId)
        {
            return RecordingTransition.Refuse(current, $"egress {egressId} is not this session's recording ({current.EgressId})");
        }

        var next = (adopted.Phase, status) switch
        {
            (_, RecordingEgressStatus.Complete) =>
                adopted with { Phase = RecordingPhase.Complete, Location = location ?? adopted.Location },
            // The job stopped at the server's duration or size limit: the file up to that point is kept.
            (_, RecordingEgressStatus.LimitReached) =>
                adopted with { Phase = RecordingPhase.Complete, Location = location ?? adopted.Location, Error = error ?? "recording limit reached" },
            (_, RecordingEgressStatus.Failed or RecordingEgressStatus.Aborted) =>
                adopted with { Phase = RecordingPhase.Failed, Error = error ?? (status == RecordingEgressStatus.Aborted ? "recording aborted" : "recording failed") },
            (RecordingPhase.Starting, RecordingEgressStatus.Starting) => adopted,
            (RecordingPhase.Starting or RecordingPhase.Active, RecordingEgressStatus.Active) => adopted with { Phase = RecordingPhase.Active },
            (RecordingPhase.Starting or RecordingPhase.Active or RecordingPhase.Stopping, RecordingEgressStatus.Ending) =>
                adopted with { Phase = RecordingPhase.Stopping },
            _ => null,
        };

        return next is null
            ? RecordingTransition.Refuse(current, $"{RecordingStatus.ToName(status)} cannot follow a recording that is {Describe(current.Phase)}; stale update ignored")
            : RecordingTransition.Accept(current, next);
    }

    private static string Describe(RecordingPhase phase) => phase switch
    {
        RecordingPhase.Idle => "idle",
        RecordingPhase.Starting => "starting",
        RecordingPhase.Active => "active",
        RecordingPhase.Stopping => "stopping",
        RecordingPhase.Complete => "complete",
        RecordingPhase.Failed => "failed",
        _ => phase.ToString(),
    };
}
