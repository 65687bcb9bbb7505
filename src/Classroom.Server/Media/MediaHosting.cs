using Classroom.Media.Rooms;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Media;

/// <summary>Wires the media relay library into the host: its options from <c>Classroom:Media</c>, the relay, signalling and the host service.</summary>
public static class MediaHosting
{
    public const string Section = "Classroom:Media";

    public static IServiceCollection AddClassroomMedia(this IServiceCollection services)
    {
        services.AddOptions<RelayOptions>().BindConfiguration(Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new Relay(sp.GetRequiredService<IOptions<RelayOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<IceServerOptions>().BindConfiguration(IceServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IceServers>();
        services.AddSingleton<MediaSignalling>();
        services.AddHostedService<RelayHost>();
        return services;
    }
}
