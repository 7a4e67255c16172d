using Microsoft.Extensions.Options;

namespace Petition.Web.Infrastructure;

/// <summary>
/// Refuses a request whose declared body is larger than <see cref="RequestLimitOptions.MaxBodyBytes"/>
/// before anything reads it (Kestrel's own limit covers bodies without a length).
/// </summary>
public sealed class RequestSizeGuard(RequestDelegate next, IOptions<RequestLimitOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength is { } length && length > options.Value.MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
