using System.Net.Security;

namespace Classroom.Testing.Servers;

/// <summary>
/// A running Classroom server a test or the bench talks to over the network: its own process
/// (<see cref="ServerProcess"/>) or the tests' in-process Kestrel host. Sessions, hub clients and the
/// school setup need nothing else of it.
/// </summary>
public interface IClassroomServer
{
    /// <summary>Where the server answers (http:// or https://).</summary>
    Uri BaseAddress { get; }

    /// <summary>The admin's password the server was started with.</summary>
    string AdminPassword { get; }

    /// <summary>A handler with a cookie jar of its own that trusts what this server presents on HTTPS.</summary>
    SocketsHttpHandler NewHandler();

    /// <summary>How hub WebSockets check the server's certificate; null: the platform's default.</summary>
    RemoteCertificateValidationCallback? CertificateCheck => null;
}
