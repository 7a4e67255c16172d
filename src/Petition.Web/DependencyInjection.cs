using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.WebEncoders;
using Petition.Infrastructure;
using Petition.Infrastructure.Persistence;
using Petition.Infrastructure.Trust;
using Petition.Pki;
using Petition.Pki.Validation;
using Petition.Web.Features.AdminStaff;
using Petition.Web.Features.AdminTypes;
using Petition.Web.Features.Documents;
using Petition.Web.Features.Members;
using Petition.Web.Features.Signing;
using Petition.Web.Features.Staff;
using Petition.Web.Features.Track;
using Petition.Web.Infrastructure;
using Serilog;
using Serilog.Events;

namespace Petition.Web;

public static class DependencyInjection
{
    public const string TrackingRateLimit = "tracking";

    public static WebApplicationBuilder AddPetitionWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddSerilog((provider, logger) =>
        {
            logger.ReadFrom.Configuration(configuration)
                .ReadFrom.Services(provider)
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .WriteTo.Console();
            var file = configuration["Logging:FilePath"];
            if (!string.IsNullOrWhiteSpace(file))
            {
                logger.WriteTo.File(
                    Path.Combine(builder.Environment.ContentRootPath, file),
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 31);
            }
        });

        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddPetitionInfrastructure(configuration, builder.Environment);

        services.AddOptions<DraftOptions>().Bind(configuration.GetSection(DraftOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RequestLimitOptions>().Bind(configuration.GetSection(RequestLimitOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        var maxBody = configuration.GetSection(RequestLimitOptions.SectionName).Get<RequestLimitOptions>()?.MaxBodyBytes ?? 1024 * 1024;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = maxBody;
        });
        services.Configure<FormOptions>(o =>
        {
            o.ValueLengthLimit = 16 * 1024;
            o.ValueCountLimit = 200;
            o.KeyLengthLimit = 200;
            o.MultipartBodyLengthLimit = maxBody;
        });

        // Hangul as text, not numeric entities (smaller pages, readable source); HTML-special characters stay encoded.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.SectionName));
        services.AddOptions<PortalPkiOptions>().Bind(configuration.GetSection(PortalPkiOptions.SectionName));
        services.AddSingleton<PortalPki>();
        services.AddSingleton<ITrustStoreBootstrap, PortalTrustBootstrap>();
        services.AddPetitionTrustStore(configuration);
        services.AddSingleton<INonceRegistry, DatabaseNonceRegistry>();
        services.AddPetitionPki(configuration);
        services.AddPetitionStaff(configuration, builder.Environment);
        services.AddPetitionMembers(configuration, builder.Environment);
        services.AddPetitionStaffAdministration();
        services.AddPetitionTypeAdministration();
        services.AddPetitionDocuments(configuration);
        services.AddPetitionTracking(configuration);

        services.AddScoped<DraftOwnerCookie>();
        services.AddScoped<IAuthorizationHandler, DraftOwnerHandler>();
        services.AddAuthorization();

        services.AddPortalLocalization();
        services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()))
            .AddRazorOptions(o =>
            {
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Features/{1}/Views/{0}" + RazorViewEngine.ViewExtension);
                o.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
            })
            .AddPortalViewLocalization();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "Petition.Antiforgery";
            o.FormFieldName = "__RequestVerificationToken";
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(TrackingRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        services.AddHealthChecks().AddDbContextCheck<PetitionDbContext>("database", tags: ["ready"]);

        // The database is created and migrated by the hosted service AddPetitionInfrastructure registers first.
        services.AddHostedService<DraftCleanupService>();
        services.AddHostedService<PaymentReconciliationService>();
        services.AddHostedService<PortalPkiWarmUp>();
        return builder;
    }

    public static WebApplication UsePetitionWeb(this WebApplication app)
    {
        // Behind the load balancer of a scaled-out deployment: trust X-Forwarded-For/-Proto from the
        // configured proxies only, so rate limits see the citizen's address and cookies stay Secure.
        var forwarded = app.Configuration.GetSection("ForwardedHeaders");
        if (forwarded.GetValue<bool>("Enabled"))
        {
            var options = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
                ForwardLimit = 1,
            };
            foreach (var proxy in forwarded.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            app.UseForwardedHeaders(options);
        }

        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            StatusCodeSelector = ErrorStatus.ForException,
        });
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseMiddleware<RequestSizeGuard>();
        app.UseSerilogRequestLogging(o =>
            o.GetLevel = (context, _, ex) => ex is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error : LogEventLevel.Information);
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            return next(context);
        });
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapControllers();
        return app;
    }
}
