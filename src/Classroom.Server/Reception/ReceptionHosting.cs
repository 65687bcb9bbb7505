namespace Classroom.Server.Reception;

/// <summary>Wires receiver choices, last-N forwarding events and link quality into the host.</summary>
public static class ReceptionHosting
{
    public static IServiceCollection AddClassroomReception(this IServiceCollection services)
    {
        services.AddSingleton<ReceptionService>();
        services.AddSingleton<LinkQualityMonitor>();
        services.AddHostedService<ReceptionHost>();
        return services;
    }
}
