using Classroom.Contracts;
using Classroom.Core.LinkQuality;
using Classroom.Core.Live;
using Classroom.Core.Reception;
using MediaReceiveMode = Classroom.Media.Rooms.ReceiveMode;

namespace Classroom.Server.Reception;

/// <summary>Core's receive modes and link levels as the wire and the relay name them.</summary>
public static class ReceptionViews
{
    public static ReceptionView Of(ReceptionChanged r) =>
        new(ReceiveChoices.NameOf(r.Own), ReceiveChoices.NameOf(r.Effective), ReceiveChoices.NameOf(r.ClassDefault));

    public static MediaReceiveMode ToRelay(ReceiveMode mode) => mode switch
    {
        ReceiveMode.Low => MediaReceiveMode.Low,
        ReceiveMode.AudioOnly => MediaReceiveMode.AudioOnly,
        _ => MediaReceiveMode.Auto,
    };

    public static string NameOf(LinkLevel level) => level switch
    {
        LinkLevel.Poor => LinkLevels.Poor,
        LinkLevel.Bad => LinkLevels.Bad,
        _ => LinkLevels.Good,
    };
}
