namespace Classroom.Core.Chat;

/// <summary>Who reads a chat message. The numeric values are part of the wire protocol.</summary>
public enum ChatAudience
{
    /// <summary>The whole cabinet.</summary>
    Everyone = 0,
    /// <summary>A question to the teacher and co-teachers; the rest of the class never sees it.</summary>
    Staff = 1,
    /// <summary>A private reply from staff to one participant (other staff see it too).</summary>
    Participant = 2,
}
