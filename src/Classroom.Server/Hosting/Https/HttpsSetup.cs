using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Hosting.Https;

/// <summary>Wires HTTPS into the host: options, Kestrel's https defaults, the plain-HTTP policy, the /tls page.</summary>
public static class HttpsSetup
{
    public static WebApplicationBuilder AddClassroomHttps(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HttpsOptions>().BindConfiguration(HttpsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpsOptions>, HttpsOptionsValidation>();
        services.AddSingleton<ServerCertificates>();
        services.AddHostedService<CertificateRenewal>();
        // Every https:// address, from Urls, --urls or code, gets the school's certificate without more configuration.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            kestrel.ApplicationServices.GetRequiredService<ServerCertificates>().ConfigureEndpoint(https)));
        return builder;
    }

    /// <summary>First in the pipeline: who is on HTTPS (proxy headers), what plain HTTP gets, HSTS.</summary>
    public static WebApplication UseClassroomHttps(this WebApplication app)
    {
        var certificates = app.Services.GetRequiredService<ServerCertificates>();
        if (certificates.Source == CertificateSource.Proxy)
        {
            // Only a proxy on this machine is believed (the defaults: 127.0.0.0/8 and ::1), and only its last hop.
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        }
        app.UseMiddleware<PlainHttpPolicy>();
        return app;
    }

    public static WebApplication MapClassroomTls(this WebApplication app)
    {
        TlsPage.Map(app);
        return app;
    }
}
