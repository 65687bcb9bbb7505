using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Classroom.Bench.Janus;

// Janus reads libconfig-style .jcfg files from its configs_folder. The bench writes its own three:
// janus.jcfg (core: logging, ICE, media ports, which plugins and transports load), the HTTP transport
// and the VideoRoom plugin. Every plugin but VideoRoom and every transport but HTTP is disabled: the
// streaming plugin alone would bind UDP 5002–5106 on all interfaces, and the others add threads.

/// <summary>The configuration folder one Janus run uses.</summary>
internal static partial class JanusConfig
{
    public const string VideoRoomLibrary = "libjanus_videoroom.so";
    public const string HttpLibrary = "libjanus_http.so";

    /// <summary>Writes the three files into <paramref name="folder"/>; returns the path of janus.jcfg.</summary>
    public static string Write(string folder, JanusServerOptions options, int httpPort, string iceEnforce, int rtpMin, int rtpMax)
    {
        var folders = ReadFolders(options.SystemConfigFolder);
        var main = Path.Combine(folder, "janus.jcfg");
        var disabledPlugins = Libraries(folders.Plugins).Where(l => l != VideoRoomLibrary);
        var disabledTransports = Libraries(folders.Transports).Where(l => l != HttpLibrary);
        var sb = new StringBuilder();
        sb.Append("general: {\n");
        Setting(sb, "configs_folder", folder);
        Setting(sb, "plugins_folder", folders.Plugins);
        Setting(sb, "transports_folder", folders.Transports);
        Setting(sb, "events_folder", folders.Events);
        Setting(sb, "loggers_folder", folders.Loggers);
        Raw(sb, "debug_level", options.DebugLevel.ToString(CultureInfo.InvariantCulture));
        Raw(sb, "debug_timestamps", "true");
        Raw(sb, "debug_colors", "false");
        Raw(sb, "log_to_stdout", "false");
        Setting(sb, "log_to_file", Path.Combine(folder, "janus.log"));
        Setting(sb, "server_name", "classroom-bench");
        Raw(sb, "session_timeout", options.SessionTimeoutSeconds.ToString(CultureInfo.InvariantCulture));
        Raw(sb, "token_auth", "false");
        sb.Append("}\ncertificates: {\n}\nmedia: {\n");
        Raw(sb, "ipv6", "false");
        Setting(sb, "rtp_port_range", string.Create(CultureInfo.InvariantCulture, $"{rtpMin}-{rtpMax}"));
        sb.Append("}\nnat: {\n");
        Raw(sb, "nice_debug", "false");
        Raw(sb, "full_trickle", "false");
        Raw(sb, "ice_lite", "false");
        Raw(sb, "ice_tcp", "false");
        Raw(sb, "ignore_mdns", "true");
        Setting(sb, "ice_enforce_list", iceEnforce);
        sb.Append("}\nplugins: {\n");
        Setting(sb, "disable", string.Join(',', disabledPlugins));
        sb.Append("}\ntransports: {\n");
        Setting(sb, "disable", string.Join(',', disabledTransports));
        sb.Append("}\nloggers: {\n");
        Setting(sb, "disable", string.Join(',', Libraries(folders.Loggers)));
        sb.Append("}\nevents: {\n");
        Raw(sb, "broadcast", "false");
        Setting(sb, "disable", string.Join(',', Libraries(folders.Events)));
        sb.Append("}\n");
        File.WriteAllText(main, sb.ToString());

        var http = new StringBuilder("general: {\n");
        Setting(http, "json", "compact");
        Setting(http, "base_path", "/janus");
        Raw(http, "http", "true");
        Raw(http, "port", httpPort.ToString(CultureInfo.InvariantCulture));
        Setting(http, "ip", options.HttpAddress.ToString());
        Raw(http, "https", "false");
        http.Append("}\nadmin: {\n");
        Raw(http, "admin_http", "false");
        Raw(http, "admin_https", "false");
        http.Append("}\ncors: {\n}\n");
        File.WriteAllText(Path.Combine(folder, "janus.transport.http.jcfg"), http.ToString());

        File.WriteAllText(Path.Combine(folder, "janus.plugin.videoroom.jcfg"), "general: {\n}\n");
        return main;
    }

    /// <summary>The value for ice_enforce_list: the given one, or the first IPv4 address of an up, non-loopback interface.</summary>
    public static string IceEnforce(JanusServerOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.IceEnforce))
        {
            if (options.IceEnforce.Trim() is "lo" or "127.0.0.1")
                throw new ArgumentException("Janus never gathers ICE candidates on a loopback interface (it skips IFF_LOOPBACK); give a non-loopback interface or address.", nameof(options));
            return options.IceEnforce.Trim();
        }
        return HostAddress()?.ToString()
            ?? throw new InvalidOperationException("Janus needs a non-loopback IPv4 interface to gather ICE candidates on (it skips loopback interfaces), and this machine has none up.");
    }

    /// <summary>The address the candidate will carry, when <paramref name="enforce"/> names an interface or an address of this host.</summary>
    public static IPAddress? CandidateAddress(string enforce)
    {
        if (IPAddress.TryParse(enforce, out var address)) return address;
        return NetworkInterface.GetAllNetworkInterfaces().Where(n => n.Name.StartsWith(enforce, StringComparison.Ordinal))
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
    }

    private static IPAddress? HostAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    private sealed record Folders(string Plugins, string Transports, string Events, string Loggers);

    /// <summary>The library folders from the packaged janus.jcfg, else where Debian puts them.</summary>
    private static Folders ReadFolders(string systemFolder)
    {
        var text = File.Exists(Path.Combine(systemFolder, "janus.jcfg")) ? File.ReadAllText(Path.Combine(systemFolder, "janus.jcfg")) : "";
        string Find(string key, string leaf)
        {
            var match = FolderSetting().Matches(text).FirstOrDefault(m => m.Groups["key"].Value == key);
            if (match is not null && Directory.Exists(match.Groups["value"].Value)) return match.Groups["value"].Value;
            var roots = Directory.Exists("/usr/lib") ? Directory.GetDirectories("/usr/lib").Prepend("/usr/lib") : [];
            var probe = roots.Select(d => Path.Combine(d, "janus", leaf)).FirstOrDefault(Directory.Exists);
            return probe ?? throw new InvalidOperationException($"Janus's {leaf} folder was not found (looked in {systemFolder}/janus.jcfg and /usr/lib/*/janus).");
        }
        return new Folders(Find("plugins_folder", "plugins"), Find("transports_folder", "transports"), Find("events_folder", "events"), Find("loggers_folder", "loggers"));
    }

    private static IEnumerable<string> Libraries(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "libjanus_*.so").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal) : [];

    private static void Setting(StringBuilder sb, string key, string value) =>
        sb.Append('\t').Append(key).Append(" = \"").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");

    private static void Raw(StringBuilder sb, string key, string value) => sb.Append('\t').Append(key).Append(" = ").Append(value).Append('\n');

    [GeneratedRegex("""^\s*(?<key>[a-z_]+_folder)\s*=\s*"(?<value>[^"]+)"\s*""", RegexOptions.Multiline)]
    private static partial Regex FolderSetting();
}
