using Classroom.Core.Moderation;

namespace Classroom.Server.Reports;

/// <summary>The moderation log's actions in words, for the CSV a school files away (the page uses the client's own).</summary>
public static class ModerationWords
{
    private static readonly Dictionary<ModerationAction, (string Ru, string En)> Words = new()
    {
        [ModerationAction.Mute] = ("выключен микрофон", "microphone muted"),
        [ModerationAction.Unmute] = ("включён микрофон", "microphone unmuted"),
        [ModerationAction.LockMic] = ("заблокирован микрофон", "microphone locked"),
        [ModerationAction.UnlockMic] = ("разблокирован микрофон", "microphone unlocked"),
        [ModerationAction.MuteAll] = ("выключены все микрофоны", "all microphones muted"),
        [ModerationAction.GiveFloor] = ("дано слово", "given the floor"),
        [ModerationAction.AllowCamera] = ("разрешена камера", "camera allowed"),
        [ModerationAction.ForbidCamera] = ("запрещена камера", "camera forbidden"),
        [ModerationAction.AllowCamerasAll] = ("разрешены камеры всем", "cameras allowed for all"),
        [ModerationAction.ForbidCamerasAll] = ("запрещены камеры всем", "cameras forbidden for all"),
        [ModerationAction.GrantScreen] = ("разрешён показ экрана", "screen sharing granted"),
        [ModerationAction.RevokeScreen] = ("запрещён показ экрана", "screen sharing revoked"),
        [ModerationAction.StopScreen] = ("остановлен показ экрана", "screen sharing stopped"),
        [ModerationAction.DisableChat] = ("отключён чат", "chat disabled"),
        [ModerationAction.EnableChat] = ("включён чат", "chat enabled"),
        [ModerationAction.DisableChatAll] = ("отключён чат всем ученикам", "chat disabled for all students"),
        [ModerationAction.EnableChatAll] = ("включён чат всем ученикам", "chat enabled for all students"),
        [ModerationAction.SlowMode] = ("медленный режим чата, с", "chat slow mode, s"),
        [ModerationAction.LowerHand] = ("опущена рука", "hand lowered"),
        [ModerationAction.LowerAllHands] = ("опущены все руки", "all hands lowered"),
        [ModerationAction.StudentsJoinMuted] = ("вход с выключенным микрофоном", "students join muted"),
        [ModerationAction.Rename] = ("переименование", "renamed"),
        [ModerationAction.AdmitFromLobby] = ("впущен из зала ожидания", "admitted from the lobby"),
        [ModerationAction.AdmitAll] = ("впущены все из зала ожидания", "everyone admitted from the lobby"),
        [ModerationAction.RejectFromLobby] = ("отказано во входе", "refused entry"),
        [ModerationAction.AdmitManually] = ("впуск вручную", "manual admission"),
        [ModerationAction.LateToLobby] = ("опоздавшие — в зал ожидания", "late arrivals to the lobby"),
        [ModerationAction.Lock] = ("кабинет закрыт", "cabinet locked"),
        [ModerationAction.Unlock] = ("кабинет открыт", "cabinet unlocked"),
        [ModerationAction.SendToLobby] = ("переведён в зал ожидания", "sent to the lobby"),
        [ModerationAction.Timeout] = ("удалён на время, мин", "timed out, min"),
        [ModerationAction.Kick] = ("удалён с урока", "removed from the lesson"),
        [ModerationAction.BanFromLesson] = ("запрещён вход на урок", "banned from the lesson"),
        [ModerationAction.BanFromCabinet] = ("запрещён вход в кабинет", "banned from the cabinet"),
        [ModerationAction.Unban] = ("снят запрет входа", "ban lifted"),
        [ModerationAction.DeleteMessage] = ("удалено сообщение", "message deleted"),
        [ModerationAction.PinMessage] = ("закреплено сообщение", "message pinned"),
    };

    public static string Of(ModerationAction action, bool russian, bool wholeClass)
    {
        if (!Words.TryGetValue(action, out var words)) return ((int)action).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = russian ? words.Ru : words.En;
        // Locking or unlocking without a target applies to every student, now and later.
        if (wholeClass && action is ModerationAction.LockMic or ModerationAction.UnlockMic) text += russian ? " всем ученикам" : " for all students";
        return text;
    }
}
