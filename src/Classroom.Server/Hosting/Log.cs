namespace Classroom.Server.Hosting;

/// <summary>Every log line of the host, with stable event ids. Never log names with codes, or secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Created the admin account '{UserName}' with a generated password: {Password}  (shown once; change it after logging in)")]
    public static partial void AdminCreatedWithGeneratedPassword(ILogger logger, string userName, string password);

    [LoggerMessage(2, LogLevel.Information, "Created the admin account '{UserName}' with the password from CLASSROOM_ADMIN_PASSWORD")]
    public static partial void AdminCreatedFromEnvironment(ILogger logger, string userName);

    [LoggerMessage(4, LogLevel.Warning, "CLASSROOM_ADMIN_PASSWORD is set but the admin account already exists with another password; the variable only creates the first admin and was ignored. To set a new admin password, stop the server and run: dotnet Classroom.Server.dll {Command}")]
    public static partial void AdminPasswordVariableIgnored(ILogger logger, string command);

    [LoggerMessage(3, LogLevel.Information, "Database ready at {DataSource}")]
    public static partial void DatabaseReady(ILogger logger, string dataSource);

    [LoggerMessage(10, LogLevel.Information, "Hub call {Method} refused: {Code}")]
    public static partial void HubCallRefused(ILogger logger, string method, string code);

    [LoggerMessage(11, LogLevel.Error, "Hub call {Method} failed")]
    public static partial void HubCallFailed(ILogger logger, Exception exception, string method);

    [LoggerMessage(12, LogLevel.Warning, "Connection {ConnectionId} is flooding the hub; call refused")]
    public static partial void HubFlood(ILogger logger, string connectionId);

    [LoggerMessage(20, LogLevel.Information, "Request refused with {Code}: {Route}")]
    public static partial void RequestRefused(ILogger logger, string code, string route);

    [LoggerMessage(30, LogLevel.Information, "Lesson {LessonId} ended; {Removed} connections closed")]
    public static partial void LessonEnded(ILogger logger, Guid lessonId, int removed);

    [LoggerMessage(31, LogLevel.Information, "Lesson {LessonId}: entry opened, {Admitted} waiting participants let in")]
    public static partial void WaitingAdmitted(ILogger logger, Guid lessonId, int admitted);

    [LoggerMessage(34, LogLevel.Error, "Letting a waiting participant into lesson {LessonId} failed; they wait for the next tick")]
    public static partial void AdmitFailed(ILogger logger, Exception exception, Guid lessonId);

    [LoggerMessage(32, LogLevel.Error, "Entry gate tick failed")]
    public static partial void EntryGateFailed(ILogger logger, Exception exception);

    [LoggerMessage(40, LogLevel.Warning, "Failed login for '{UserName}' from {Address}")]
    public static partial void LoginFailed(ILogger logger, string userName, string address);

    [LoggerMessage(41, LogLevel.Warning, "Login for '{UserName}' from {Address} refused: wait {Seconds} s after too many wrong passwords")]
    public static partial void LoginThrottled(ILogger logger, string userName, string address, int seconds);

    [LoggerMessage(42, LogLevel.Information, "Admin {AdminId} lifted the login throttling of account {AccountId}")]
    public static partial void LoginUnlocked(ILogger logger, string adminId, string accountId);

    /// <summary>Event id of the log budget's summary of left-out refusal lines (tests look for it).</summary>
    public const int RefusalLinesSuppressedId = 60;

    [LoggerMessage(RefusalLinesSuppressedId, LogLevel.Warning, "{Count} refusal log lines left out in the last {Seconds} s (log budget)")]
    public static partial void RefusalLinesSuppressed(ILogger logger, int count, double seconds);

    [LoggerMessage(61, LogLevel.Warning, "{Count} unexpected failures not logged in the last {Seconds} s (log budget); the first ones were")]
    public static partial void FailureLinesSuppressed(ILogger logger, int count, double seconds);

    [LoggerMessage(50, LogLevel.Information, "Open Classroom on phones and PCs of the school network: {Urls}")]
    public static partial void OpenOnDevices(ILogger logger, string urls);

    [LoggerMessage(51, LogLevel.Warning, "Created the server's own certificate authority in {Folder} (ca.crt): devices that install it trust this server without warnings")]
    public static partial void AuthorityCreated(ILogger logger, string folder);

    [LoggerMessage(52, LogLevel.Information, "HTTPS with the server's own certificate, SHA-256 {Fingerprint}, issued by the school CA {AuthorityFingerprint} ({Folder}); browsers ask once to proceed, explained at {TlsPage}")]
    public static partial void SelfMadeCertificate(ILogger logger, string fingerprint, string authorityFingerprint, string folder, string tlsPage);

    [LoggerMessage(53, LogLevel.Information, "HTTPS with the configured certificate {Subject}, SHA-256 {Fingerprint}, valid until {NotAfter}")]
    public static partial void ConfiguredCertificate(ILogger logger, string subject, string fingerprint, DateTime notAfter);

    [LoggerMessage(54, LogLevel.Information, "Behind a reverse proxy: plain HTTP here, X-Forwarded-For/Proto trusted from loopback only, HSTS on what the proxy received over HTTPS")]
    public static partial void BehindProxy(ILogger logger);

    [LoggerMessage(55, LogLevel.Warning, "Reissued the server certificate for {Names}: SHA-256 {Fingerprint} (devices that installed the school CA keep trusting it)")]
    public static partial void CertificateReissued(ILogger logger, string names, string fingerprint);

    [LoggerMessage(56, LogLevel.Error, "Could not renew the server certificate; the current one keeps serving")]
    public static partial void CertificateRenewalFailed(ILogger logger, Exception exception);
}
