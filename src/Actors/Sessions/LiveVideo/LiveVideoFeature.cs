using ActorStudio.Actors.Media;
using ActorStudio.Actors.Ports;
using ActorStudio.Actors.Runtime;
using ActorStudio.Actors.Sessions.Features;
using ActorStudio.Actors.Sessions.Loop;
using ActorStudio.Actors.Sessions.Messages;
using ActorStudio.Actors.Sessions.State;
using ActorStudio.Protocol;
using ActorStudio.Protocol.Messages;
using Microsoft.Extensions.Logging;
using MediaRecordingState = ActorStudio.Actors.Media.RecordingState;
using WireRecordingState = ActorStudio.Protocol.Messages.RecordingState;
using WireRecordingInfo = ActorStudio.Protocol.Messages.RecordingInfo;
using WireRecordingStatus = ActorStudio.Protocol.Messages.RecordingStatus;
using EgressStatusNames = ActorStudio.Actors.Media.RecordingStatus;

namespace ActorStudio.Actors.Sessions.LiveVideo;

/// <summary>
/// Live video in a session: the host's recording (start/stop over the socket or HTTP, the state machine journaled
/// and broadcast, a system chat line at start, stop and failure), LiveKit webhooks journaled once per webhook id, and
/// the view the page and the host's recordings list read. The media server is called only after the turn that
/// decided it is journaled, off the actor thread; its answer comes back as a message and is journaled in turn.
/// </summary>
public sealed class LiveVideoFeature : ISessionFeature
{
    /// <summary>Bound on one media-server call made by a session (the adapter has its own, shorter, request timeout).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly IMediaRoom media;
    private readonly TimeSpan reconcileInterval;

    /// <param name="reconcileInterval">
    /// How long a recording may sit in starting/stopping before the session asks the media server for its status
    /// (webhooks normally settle it first). Repeats while it stays there.
    /// </param>
    public LiveVideoFeature(IMediaRoom media, TimeSpan? reconcileInterval = null)
    {
        this.media = media;
        this.reconcileInterval = reconcileInterval ?? TimeSpan.FromSeconds(15);
    }

    public void Register(SessionFeatureRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Event<RecordingChanged>(ApplyRecording, PublishRecording, new LiveVideoEventCodecs.RecordingChangedCodec());
        registry.Event<MediaRoomEventRecorded>(ApplyRoomEvent, publish: null, new LiveVideoEventCodecs.MediaRoomEventRecordedCodec());
        registry.Command<StartRecording>(RoleSet.Host, Start);
        registry.Command<StopRecording>(RoleSet.Host, Stop);
        registry.Message<RecordingCallDue>(CallMediaServer);
        registry.Message<RecordingCallFinished>(OnCallFinished);
        registry.Message<RecordingReconcileDue>(Reconcile);
        registry.Message<RecordingReconciled>(OnReconciled);
        registry.Message<MediaWebhookReceived>(OnWebhook);
        registry.Message<GetLiveVideoView>(GetView);
        registry.Message<RemoveFromMediaRoom>(RemoveFromRoom);
        registry.Message<DeleteMediaRoom>(DeleteRoom);
        registry.Snapshot(ContributeSnapshot);
    }

    public static WireRecordingState ToWire(RecordingPhase phase) => phase switch
    {
        RecordingPhase.Starting => WireRecordingState.Starting,
        RecordingPhase.Active => WireRecordingState.Active,
        RecordingPhase.Stopping => WireRecordingState.Stopping,
        RecordingPhase.Complete => WireRecordingState.Complete,
        RecordingPhase.Failed => WireRecordingState.Failed,
        _ => WireRecordingState.Off,
    };

    private static LiveVideoState Slot(SessionState state) => state.Features.Get<LiveVideoState>();

    private static void ApplyRecording(SessionState state, RecordingChanged e, long seq)
    {
        var slot = Slot(state);
        slot.Recording = new MediaRecordingState(e.Phase, e.EgressId, e.Location, e.Error);
        slot.RecordingStartedAt = e.StartedAt;
        if (e.Phase == RecordingPhase.Complete && e.EgressId is not null && e.Location is not null)
        {
            slot.Files.Add(new RecordingFile(e.EgressId, e.Location, e.StartedAt, e.At, e.Error));
            if (slot.Files.Count > LiveVideoState.MaxRecordings)
            {
                slot.Files.RemoveAt(0);
            }
        }
    }

    private static Publication? PublishRecording(SessionState state, RecordingChanged e, long seq) =>
        new Publication(Audience.Everyone, new WireRecordingStatus(seq, ToWire(e.Phase), e.StartedAt, e.Error));

    private static void ApplyRoomEvent(SessionState state, MediaRoomEventRecorded e, long seq)
    {
        var slot = Slot(state);
        slot.MarkSeen(e.WebhookId);
        slot.WebhookEvents++;
        var isHost = e.ParticipantId is not null && e.ParticipantId == state.HostParticipantId;
        switch (e.Kind)
        {
            case MediaRoomEventKinds.ParticipantJoined when e.ParticipantId is not null:
                slot.InRoom.Add(e.ParticipantId);
                break;
            case MediaRoomEventKinds.ParticipantLeft when e.ParticipantId is not null:
                slot.InRoom.Remove(e.ParticipantId);
                if (isHost)
                {
                    slot.HostTracks.Clear();
                }

                break;
            case MediaRoomEventKinds.TrackPublished when isHost && e.TrackSid is not null:
                slot.InRoom.Add(e.ParticipantId!);
                slot.HostTracks[e.TrackSid] = e.TrackSource ?? "UNKNOWN";
                break;
            case MediaRoomEventKinds.TrackUnpublished when isHost && e.TrackSid is not null:
                slot.HostTracks.Remove(e.TrackSid);
                break;
            case MediaRoomEventKinds.RoomFinished:
                slot.InRoom.Clear();
                slot.HostTracks.Clear();
                break;
        }
    }

    private SessionSnapshot ContributeSnapshot(SessionState state, ParticipantState viewer, SessionSnapshot snapshot)
    {
        var slot = Slot(state);
        return snapshot with { Recording = new WireRecordingInfo(ToWire(slot.Recording.Phase), slot.RecordingStartedAt) };
    }

    private bool RefuseWhenNotConfigured(SessionTurn turn)
    {
        if (!media.IsConfigured)
        {
            turn.Reject(ErrorCodes.LiveKitNotConfigured, "Live video is not configured on this server.");
            return true;
        }

        if (!media.IsRecordingConfigured)
        {
            turn.Reject(ErrorCodes.RecordingNotConfigured, "Recording is not configured on this server (no recording bucket).");
            return true;
        }

        return false;
    }

    private void Start(SessionTurn turn, CommandContext<StartRecording> command)
    {
        if (RefuseWhenNotConfigured(turn))
        {
            return;
        }

        var transition = RecordingStateMachine.RequestStart(Slot(turn.State).Recording);
        if (!transition.IsAccepted)
        {
            turn.Reject(ErrorCodes.Conflict, "Cannot start recording: " + transition.RefusalReason + ".");
            return;
        }

        var host = command.Participant;
        Emit(turn, transition.State, startedAt: turn.Now, host.ParticipantId, command.CommandId, webhookId: null);
        ChatFeature.PostSystem(turn, $"{host.DisplayName} started recording the session.");
        turn.ReplyAfterCommit(turn.Host.Context.Self, new RecordingCallDue(Start: true, EgressId: null));
    }

    private void Stop(SessionTurn turn, CommandContext<StopRecording> command)
    {
        if (RefuseWhenNotConfigured(turn))
        {
            return;
        }

        var slot = Slot(turn.State);
        var transition = RecordingStateMachine.RequestStop(slot.Recording);
        if (!transition.IsAccepted)
        {
            turn.Reject(ErrorCodes.Conflict, "Cannot stop recording: " + transition.RefusalReason + ".");
            return;
        }

        var host = command.Participant;
        Emit(turn, transition.State, slot.RecordingStartedAt, host.ParticipantId, command.CommandId, webhookId: null);
        ChatFeature.PostSystem(turn, $"{host.DisplayName} stopped the recording.");
        turn.ReplyAfterCommit(turn.Host.Context.Self, new RecordingCallDue(Start: false, transition.State.EgressId));
    }

    private static void Emit(SessionTurn turn, MediaRecordingState next, DateTimeOffset? startedAt, string? by, string? commandId, string? webhookId) =>
        turn.Emit(new RecordingChanged(next.Phase, next.EgressId, next.Location, next.Error, startedAt, by, commandId, webhookId, turn.Now));

    private void CallMediaServer(SessionTurn turn, RecordingCallDue due, IActorRef? sender)
    {
        var self = turn.Host.Context.Self;
        var sessionId = turn.State.SessionId;
        var logger = turn.Logger;
        _ = due.Start
            ? CallAsync(true, null, ct => media.StartRecordingAsync(sessionId, ct), self, sessionId, logger)
            : CallAsync(false, due.EgressId, ct => media.StopRecordingAsync(due.EgressId!, ct), self, sessionId, logger);
    }

    /// <summary>Runs one media-server call off the actor thread; the outcome always comes back to the session.</summary>
    private static async Task CallAsync(bool start, string? egressId, Func<CancellationToken, Task<Ports.RecordingInfo>> call, IActorRef self, string sessionId, ILogger logger)
    {
        RecordingCallFinished outcome;
        using var timeout = new CancellationTokenSource(CallTimeout);
        try
        {
            var info = await call(timeout.Token).ConfigureAwait(false);
            outcome = new RecordingCallFinished(start, egressId ?? info.EgressId, info, null);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Session {SessionId}: {Call} recording failed at the media server", sessionId, start ? "starting" : "stopping");
            outcome = new RecordingCallFinished(start, egressId, null, Describe(ex));
        }

        if (!self.Tell(outcome))
        {
            logger.LogWarning("Session {SessionId}: recording call outcome could not be delivered (session stopped); egress {EgressId}", sessionId, outcome.EgressId);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        MediaNotConfiguredException => ex.Message,
        OperationCanceledException => "the media server did not answer in time",
        _ => ex.Message.Length > 300 ? ex.Message[..300] : ex.Message,
    };

    private void OnCallFinished(SessionTurn turn, RecordingCallFinished finished, IActorRef? sender)
    {
        var current = Slot(turn.State).Recording;
        RecordingTransition transition;
        if (finished.Info is { } info)
        {
            EgressStatusNames.TryParse(info.Status, out var status);
            transition = finished.Start
                ? RecordingStateMachine.StartAccepted(current, info.EgressId, status)
                : RecordingStateMachine.ApplyEgressUpdate(current, info.EgressId, status, info.Location, NullIfEmpty(info.Error));
            if (transition.IsAccepted && finished.Start && info.Location is not null && transition.State.Location is null)
            {
                transition = RecordingTransition.Accept(current, transition.State with { Location = info.Location });
            }
        }
        else
        {
            var error = finished.Error ?? "unknown error";
            transition = finished.Start ? RecordingStateMachine.StartFailed(current, error) : RecordingStateMachine.StopFailed(current, error);
        }

        if (!transition.IsAccepted)
        {
            turn.Logger.LogInformation("Session {SessionId}: recording outcome ignored ({Reason})", turn.State.SessionId, transition.RefusalReason);
            ScheduleReconcile(turn);
            return;
        }

        if (transition.Changed)
        {
            Emit(turn, transition.State, Slot(turn.State).RecordingStartedAt, null, null, null);
            if (finished.Info is null)
            {
                // The state goes out first, then the line in chat explaining it.
                var error = finished.Error ?? "unknown error";
                ChatFeature.PostSystem(turn, finished.Start ? "The recording could not start: " + error : "Stopping the recording failed: " + error);
            }
            else
            {
                AnnounceFinish(turn, current, transition.State);
            }
        }

        ScheduleReconcile(turn);
    }

    private void ScheduleReconcile(SessionTurn turn)
    {
        var recording = Slot(turn.State).Recording;
        if (recording.EgressId is not null && recording.Phase is RecordingPhase.Starting or RecordingPhase.Stopping)
        {
            turn.Host.StartTimer(RecordingReconcileDue.Instance, RecordingReconcileDue.Instance, reconcileInterval);
        }
    }

    private void Reconcile(SessionTurn turn, RecordingReconcileDue due, IActorRef? sender)
    {
        var recording = Slot(turn.State).Recording;
        if (recording.EgressId is null || recording.Phase is not (RecordingPhase.Starting or RecordingPhase.Stopping))
        {
            return;
        }

        var self = turn.Host.Context.Self;
        var sessionId = turn.State.SessionId;
        var logger = turn.Logger;
        _ = ListAsync(sessionId, self, logger);
    }

    private async Task ListAsync(string sessionId, IActorRef self, ILogger logger)
    {
        RecordingReconciled outcome;
        using var timeout = new CancellationTokenSource(CallTimeout);
        try
        {
            outcome = new RecordingReconciled(await media.ListRecordingsAsync(sessionId, activeOnly: false, timeout.Token).ConfigureAwait(false), null);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Session {SessionId}: listing recordings at the media server failed", sessionId);
            outcome = new RecordingReconciled(null, Describe(ex));
        }

        self.Tell(outcome);
    }

    private void OnReconciled(SessionTurn turn, RecordingReconciled reconciled, IActorRef? sender)
    {
        var current = Slot(turn.State).Recording;
        if (reconciled.Recordings is { } listed && current.EgressId is { } egressId)
        {
            foreach (var info in listed)
            {
                if (info.EgressId != egressId || !EgressStatusNames.TryParse(info.Status, out var status))
                {
                    continue;
                }

                var transition = RecordingStateMachine.ApplyEgressUpdate(current, egressId, status, info.Location, NullIfEmpty(info.Error));
                if (transition.Changed)
                {
                    Emit(turn, transition.State, Slot(turn.State).RecordingStartedAt, null, null, null);
                    AnnounceFinish(turn, current, transition.State);
                }

                break;
            }
        }

        // Still in between (or the listing failed): look again later.
        ScheduleReconcile(turn);
    }

    private void OnWebhook(SessionTurn turn, MediaWebhookReceived webhook, IActorRef? sender)
    {
        var slot = Slot(turn.State);
        if (slot.HasSeen(webhook.WebhookId))
        {
            turn.Reply(sender, new MediaWebhookOutcome(Duplicate: true, turn.State.LastSeq));
            return;
        }

        var seq = turn.Emit(new MediaRoomEventRecorded(
            webhook.WebhookId, webhook.Kind, webhook.ParticipantId, webhook.TrackSid, webhook.TrackSource,
            webhook.EgressId, webhook.EgressStatus, webhook.OccurredAt ?? turn.Now));

        if (webhook.EgressId is { Length: > 0 } egressId && EgressStatusNames.TryParse(webhook.EgressStatus, out var status))
        {
            var current = slot.Recording;
            var transition = RecordingStateMachine.ApplyEgressUpdate(current, egressId, status, webhook.Location, NullIfEmpty(webhook.Error));
            if (transition.Changed)
            {
                Emit(turn, transition.State, slot.RecordingStartedAt, null, null, webhook.WebhookId);
                AnnounceFinish(turn, current, transition.State);
                ScheduleReconcile(turn);
            }
            else if (!transition.IsAccepted)
            {
                turn.Logger.LogInformation("Session {SessionId}: egress webhook {WebhookId} ignored ({Reason})", turn.State.SessionId, webhook.WebhookId, transition.RefusalReason);
            }
        }

        turn.ReplyAfterCommit(sender, new MediaWebhookOutcome(Duplicate: false, seq));
    }

    private static void AnnounceFinish(SessionTurn turn, MediaRecordingState before, MediaRecordingState after)
    {
        if (before.Phase == after.Phase)
        {
            return;
        }

        if (after.Phase == RecordingPhase.Complete)
        {
            ChatFeature.PostSystem(turn, "The recording has finished and is saved.");
        }
        else if (after.Phase == RecordingPhase.Failed && before.Phase != RecordingPhase.Starting)
        {
            ChatFeature.PostSystem(turn, "The recording failed: " + (after.Error ?? "unknown error"));
        }
    }

    private void GetView(SessionTurn turn, GetLiveVideoView request, IActorRef? sender)
    {
        var viewer = turn.State.Find(request.ParticipantId);
        if (viewer is null || viewer.Removed)
        {
            turn.Reply(sender, new SessionRefused(ErrorCodes.Forbidden, "You are not in this session."));
            return;
        }

        var slot = Slot(turn.State);
        var sources = new List<string>(slot.HostTracks.Count);
        foreach (var source in slot.HostTracks.Values)
        {
            if (!sources.Contains(source))
            {
                sources.Add(source);
            }
        }

        var hostId = turn.State.HostParticipantId;
        turn.Reply(sender, new LiveVideoView(
            media.IsConfigured,
            media.IsRecordingConfigured,
            ToWire(slot.Recording.Phase).ToString().ToLowerInvariant(),
            slot.RecordingStartedAt,
            slot.Recording.Error,
            hostId,
            hostId.Length > 0 && slot.InRoom.Contains(hostId),
            sources,
            slot.InRoom.Count,
            slot.WebhookEvents,
            viewer.Role == ParticipantRole.Host ? slot.Files.ToArray() : []));
    }

    private void RemoveFromRoom(SessionTurn turn, RemoveFromMediaRoom remove, IActorRef? sender)
    {
        if (!media.IsConfigured)
        {
            return;
        }

        var sessionId = turn.State.SessionId;
        var logger = turn.Logger;
        _ = RemoveAsync(sessionId, remove.ParticipantId, logger);
    }

    private void DeleteRoom(SessionTurn turn, DeleteMediaRoom delete, IActorRef? sender)
    {
        if (media.IsConfigured)
        {
            _ = DeleteAsync(turn.State.SessionId, turn.Logger);
        }
    }

    private async Task DeleteAsync(string sessionId, ILogger logger)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        try
        {
            await media.DeleteRoomAsync(sessionId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // LiveKit also closes an empty room after its empty_timeout; nobody can get a new token for it.
            logger.LogWarning(ex, "Session {SessionId}: deleting the media room failed", sessionId);
        }
    }

    private async Task RemoveAsync(string sessionId, string participantId, ILogger logger)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        try
        {
            await media.RemoveParticipantAsync(sessionId, participantId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The LiveKit grant of a removed participant expires with its token; the session already refuses them.
            logger.LogWarning(ex, "Session {SessionId}: removing {ParticipantId} from the media room failed", sessionId, participantId);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
