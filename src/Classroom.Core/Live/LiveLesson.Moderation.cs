using System.Globalization;
using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;

namespace Classroom.Core.Live;

// Moderation: the teacher's controls and the students' own microphone, hand and screen. Every
// decision is checked here against the effective permissions, so a modified client gains nothing.
public sealed partial class LiveLesson
{
    private static readonly TimeSpan MaxSlowMode = TimeSpan.FromMinutes(10);
    private readonly Dictionary<string, SlidingWindowLimit> _handLimits = new(StringComparer.Ordinal);

    /// <summary>Students with a raised hand, first raised first.</summary>
    public IReadOnlyList<LiveParticipant> HandQueue =>
        _present.Values.Where(p => p.Controls.HandRaisedAt is not null).OrderBy(p => p.Controls.HandRaisedAt).ToList();

    /// <summary>The teacher's settings for a known participant (null if they never came in).</summary>
    public ParticipantControls? ControlsOf(string participantId) => _controls.GetValueOrDefault(participantId);

    public IReadOnlyList<LessonEvent> Moderate(string actorConnectionId, ModerationCommand command, DateTimeOffset now)
    {
        var before = Rules.Fingerprint();
        return AnnounceRules(before, ModerateCore(actorConnectionId, command, now));
    }

    /// <summary>Adds <see cref="RulesChanged"/> when a decision changed a rule without saying so (floor, sharer, pin).</summary>
    private List<LessonEvent> AnnounceRules(object before, IReadOnlyList<LessonEvent> events)
    {
        var list = events.ToList();
        if (!Equals(before, Rules.Fingerprint()) && !list.Any(e => e is RulesChanged))
        {
            var at = list.FindIndex(e => e is Moderated);
            list.Insert(at < 0 ? list.Count : at, new RulesChanged(LessonId, Rules));
        }
        return list;
    }

    private List<LessonEvent> ModerateCore(string actorConnectionId, ModerationCommand command, DateTimeOffset now)
    {
        var actor = FindByConnection(actorConnectionId) ?? throw new ClassroomException(ErrorCodes.NotJoined, "Join the lesson first.");
        if (!actor.Permissions.HasFlag(Permissions.Moderate)) throw new ClassroomException(ErrorCodes.Forbidden, "Only the teacher can do this.");
        var changed = new HashSet<string>(StringComparer.Ordinal);
        string? detail = command.Value;
        ParticipantIdentity? target = null;
        switch (command.Action)
        {
            case ModerationAction.Mute:
                target = Student(command.TargetId);
                _controls[target.Id].MicMuted = true;
                changed.Add(target.Id);
                break;
            case ModerationAction.Unmute:
                target = Student(command.TargetId);
                Controls(target).MicMuted = false;
                Controls(target).MicLocked = false;
                changed.Add(target.Id);
                break;
            case ModerationAction.LockMic when command.TargetId is null:
            case ModerationAction.UnlockMic when command.TargetId is null:
                Rules.StudentMicsLocked = command.Action == ModerationAction.LockMic;
                foreach (var (id, c) in StudentControls())
                {
                    c.MicLocked = Rules.StudentMicsLocked;
                    if (c.MicLocked) c.MicMuted = true;
                    changed.Add(id);
                }
                break;
            case ModerationAction.LockMic:
                target = Student(command.TargetId);
                Controls(target).MicLocked = true;
                Controls(target).MicMuted = true;
                changed.Add(target.Id);
                break;
            case ModerationAction.UnlockMic:
                target = Student(command.TargetId);
                Controls(target).MicLocked = false;
                changed.Add(target.Id);
                break;
            case ModerationAction.MuteAll:
                foreach (var (id, c) in StudentControls())
                {
                    c.MicMuted = true;
                    changed.Add(id);
                }
                break;
            case ModerationAction.GiveFloor:
                target = Student(command.TargetId);
                if (Rules.FloorHolderId is { } previous && previous != target.Id && _controls.TryGetValue(previous, out var before))
                {
                    before.MicMuted = true;
                    before.MicLocked = Rules.StudentMicsLocked;
                    changed.Add(previous);
                }
                Rules.FloorHolderId = target.Id;
                Controls(target).MicLocked = false;
                Controls(target).MicMuted = false;
                Controls(target).HandRaisedAt = null;
                changed.Add(target.Id);
                break;
            case ModerationAction.AllowCamera or ModerationAction.ForbidCamera:
                target = Student(command.TargetId);
                Controls(target).CameraAllowed = command.Action == ModerationAction.AllowCamera;
                changed.Add(target.Id);
                break;
            case ModerationAction.AllowCamerasAll or ModerationAction.ForbidCamerasAll:
                Rules.StudentCamerasAllowed = command.Action == ModerationAction.AllowCamerasAll;
                foreach (var (id, c) in StudentControls())
                {
                    c.CameraAllowed = null;
                    changed.Add(id);
                }
                break;
            case ModerationAction.GrantScreen:
                target = Student(command.TargetId);
                Controls(target).ScreenShareGranted = true;
                changed.Add(target.Id);
                break;
            case ModerationAction.RevokeScreen:
                target = Student(command.TargetId);
                Controls(target).ScreenShareGranted = false;
                if (Rules.ScreenSharerId == target.Id) Rules.ScreenSharerId = null;
                changed.Add(target.Id);
                break;
            case ModerationAction.StopScreen:
                if (Rules.ScreenSharerId is not { } sharer) throw new ClassroomException(ErrorCodes.NoTarget, "Nobody is sharing a screen.");
                target = _known.GetValueOrDefault(sharer);
                Rules.ScreenSharerId = null;
                changed.Add(sharer);
                break;
            case ModerationAction.DisableChat or ModerationAction.EnableChat:
                target = Student(command.TargetId);
                Controls(target).ChatAllowed = command.Action == ModerationAction.EnableChat;
                changed.Add(target.Id);
                break;
            case ModerationAction.DisableChatAll or ModerationAction.EnableChatAll:
                Rules.StudentChatAllowed = command.Action == ModerationAction.EnableChatAll;
                foreach (var (id, c) in StudentControls())
                {
                    c.ChatAllowed = null;
                    changed.Add(id);
                }
                break;
            case ModerationAction.SlowMode:
                if (!int.TryParse(command.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || TimeSpan.FromSeconds(seconds) > MaxSlowMode)
                    throw new ClassroomException(ErrorCodes.InvalidValue, $"Slow mode is 0 to {MaxSlowMode.TotalSeconds} seconds.");
                Rules.SlowMode = TimeSpan.FromSeconds(seconds);
                detail = seconds.ToString(CultureInfo.InvariantCulture);
                break;
            case ModerationAction.StudentsJoinMuted:
                if (!bool.TryParse(command.Value, out var joinMuted)) throw new ClassroomException(ErrorCodes.InvalidValue, "Give true or false.");
                Rules.StudentsJoinMuted = joinMuted;
                detail = joinMuted ? "true" : "false";
                break;
            case ModerationAction.LowerHand:
                target = Known(command.TargetId);
                Controls(target).HandRaisedAt = null;
                changed.Add(target.Id);
                break;
            case ModerationAction.LowerAllHands:
                foreach (var (id, c) in _controls.Where(kv => kv.Value.HandRaisedAt is not null).ToList())
                {
                    c.HandRaisedAt = null;
                    changed.Add(id);
                }
                break;
            case ModerationAction.Rename:
                target = Known(command.TargetId);
                if (target.Role.IsStaff()) throw new ClassroomException(ErrorCodes.NoTarget, "Staff names are not renamed here.");
                var name = DisplayName.Clean(command.Value);
                detail = $"{Controls(target).Rename ?? target.DisplayName} → {name}";
                Controls(target).Rename = name;
                changed.Add(target.Id);
                break;
            default:
                return ModerateAccess(actor, command, now);
        }

        var events = new List<LessonEvent>();
        if (command.TargetId is null && command.Action is not ModerationAction.LowerAllHands and not ModerationAction.StopScreen)
            events.Add(new RulesChanged(LessonId, Rules));
        events.AddRange(Recompute(changed));
        var targetName = target is null ? null : _controls.GetValueOrDefault(target.Id)?.Rename ?? target.DisplayName;
        events.Add(new Moderated(LessonId, new ModerationEntry(now, actor.Id, actor.DisplayName, target?.Id, targetName, command.Action, detail)));
        return events;
    }

    /// <summary>A student asks to speak (or takes the request back). Rate limited against hand-raise spam.</summary>
    public IReadOnlyList<LessonEvent> SetHand(string connectionId, bool raised, DateTimeOffset now)
    {
        var me = PresentAt(connectionId);
        if (me.Role != Role.Student) throw new ClassroomException(ErrorCodes.Forbidden, "Only students raise hands.");
        if (raised == (me.Controls.HandRaisedAt is not null)) return [];
        if (raised)
        {
            if (!_handLimits.TryGetValue(me.Id, out var limit)) _handLimits[me.Id] = limit = new SlidingWindowLimit(3, TimeSpan.FromSeconds(30));
            if (!limit.TryAcquire(now)) throw new ClassroomException(ErrorCodes.HandRateLimited, "Too many raised hands; wait a little.");
            me.Controls.HandRaisedAt = now;
            return [new ParticipantChanged(LessonId, me), new HandRaised(LessonId, me.Id, me.Role)];
        }
        me.Controls.HandRaisedAt = null;
        return [new ParticipantChanged(LessonId, me)];
    }

    /// <summary>A participant turns their own microphone on or off; a locked microphone stays off.</summary>
    public IReadOnlyList<LessonEvent> SetMicrophone(string connectionId, bool on)
    {
        var me = PresentAt(connectionId);
        if (on && !me.Permissions.HasFlag(Permissions.PublishAudio))
            throw new ClassroomException(ErrorCodes.MicLocked, "The teacher has locked your microphone. Raise your hand to ask to speak.");
        if (me.Controls.MicMuted == !on) return [];
        me.Controls.MicMuted = !on;
        return [new ParticipantChanged(LessonId, me)];
    }

    /// <summary>
    /// A participant switches their own camera: on only while cameras are allowed for them (the
    /// teacher's forbid wins), off always. Roles that never send video are refused on and ignored off.
    /// </summary>
    public IReadOnlyList<LessonEvent> SetCamera(string connectionId, bool on)
    {
        var me = PresentAt(connectionId);
        if (!RolePermissions.For(me.Role).HasFlag(Permissions.PublishVideo))
            return on ? throw new ClassroomException(ErrorCodes.Forbidden, "This role only receives.") : [];
        if (on && !me.Permissions.HasFlag(Permissions.PublishVideo))
            throw new ClassroomException(ErrorCodes.CameraForbidden, "The teacher has not allowed cameras.");
        if (me.Controls.CameraOff == !on) return [];
        me.Controls.CameraOff = !on;
        return [new ParticipantChanged(LessonId, me)];
    }

    /// <summary>Starts or stops sharing a screen: one sharer at a time, students only by the teacher's grant.</summary>
    public IReadOnlyList<LessonEvent> SetScreenShare(string connectionId, bool on)
    {
        var before = Rules.Fingerprint();
        return AnnounceRules(before, SetScreenShareCore(connectionId, on));
    }

    private List<LessonEvent> SetScreenShareCore(string connectionId, bool on)
    {
        var me = PresentAt(connectionId);
        if (!on)
        {
            if (Rules.ScreenSharerId != me.Id) return [];
            Rules.ScreenSharerId = null;
            return [new ParticipantChanged(LessonId, me)];
        }
        if (!me.Permissions.HasFlag(Permissions.ShareScreen))
            throw new ClassroomException(ErrorCodes.ScreenNotGranted, "Ask the teacher for permission to share your screen.");
        var events = new List<LessonEvent>();
        if (Rules.ScreenSharerId is { } current && current != me.Id)
        {
            // Staff take the screen over; a student waits for it to be free.
            if (!me.Role.IsStaff()) throw new ClassroomException(ErrorCodes.ScreenBusy, "Someone else is sharing a screen.");
            if (Find(current) is { } previous) events.Add(new ParticipantChanged(LessonId, previous));
        }
        Rules.ScreenSharerId = me.Id;
        events.Add(new ParticipantChanged(LessonId, me));
        return events;
    }

    private ParticipantControls ControlsFor(ParticipantIdentity who)
    {
        if (_controls.TryGetValue(who.Id, out var existing)) return existing;
        var controls = new ParticipantControls();
        if (who.Role == Role.Student)
        {
            controls.MicLocked = Rules.StudentMicsLocked;
            controls.MicMuted = Rules.StudentsJoinMuted || Rules.StudentMicsLocked;
            controls.CameraOff = !Rules.StudentCamerasAllowed;
        }
        _controls[who.Id] = controls;
        return controls;
    }

    private ParticipantControls Controls(ParticipantIdentity who) => _controls[who.Id];

    private List<(string Id, ParticipantControls Controls)> StudentControls() =>
        _controls.Where(kv => _known[kv.Key].Role == Role.Student).Select(kv => (kv.Key, kv.Value)).ToList();

    private LiveParticipant PresentAt(string connectionId) =>
        FindByConnection(connectionId) ?? throw new ClassroomException(ErrorCodes.NotJoined, "Join the lesson first.");

    private ParticipantIdentity Known(string? participantId) =>
        participantId is not null && _known.TryGetValue(participantId, out var who)
            ? who
            : throw new ClassroomException(ErrorCodes.NoTarget, "That participant is not in this lesson.");

    private ParticipantIdentity Student(string? participantId)
    {
        var who = Known(participantId);
        return who.Role == Role.Student ? who : throw new ClassroomException(ErrorCodes.NoTarget, "This applies to students only.");
    }

    /// <summary>Recomputes effective permissions of the changed participants; the present ones are announced.</summary>
    private List<LessonEvent> Recompute(IEnumerable<string> ids)
    {
        var events = new List<LessonEvent>();
        foreach (var id in ids)
        {
            // A forbidden camera is switched off for good: allowed again, it waits for its owner.
            if (_controls.TryGetValue(id, out var c) && _known.TryGetValue(id, out var who)
                && !EffectivePermissions.Of(who.Role, Rules, c).HasFlag(Permissions.PublishVideo))
                c.CameraOff = true;
            if (!_present.TryGetValue(id, out var p)) continue;
            p.Permissions = EffectivePermissions.Of(p.Role, Rules, p.Controls);
            if (Rules.ScreenSharerId == p.Id && !p.Permissions.HasFlag(Permissions.ShareScreen)) Rules.ScreenSharerId = null;
            events.Add(new ParticipantChanged(LessonId, p));
        }
        return events;
    }
}
