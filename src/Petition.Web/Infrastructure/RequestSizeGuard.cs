using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Petition.Web.Infrastructure;

/// <summary>
/// Refuses oversized requests cleanly (413, explained by the error page) before anything else reads
/// them: a declared body over <see cref="RequestLimitOptions.MaxBodyBytes"/>, or a form whose body or
/// fields break the form limits. Reading the form here also caches it for MVC and antiforgery, which
/// would otherwise report a size problem as a bad token.
/// </summary>
public sealed class RequestSizeGuard(RequestDelegate next, IOptions<RequestLimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            // The error page explaining a refusal: the refused body is not read again.
            await next(context);
            return;
        }

        var request = context.Request;
        if (request.ContentLength is { } length && length > options.Value.MaxBodyBytes)
        {
            Refuse(context);
            return;
        }

        if (request.HasFormContentType)
        {
            try
            {
                await request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidDataException
                || (ex is BadHttpRequestException bad && bad.StatusCode == StatusCodes.Status413PayloadTooLarge))
            {
                Refuse(context);
                return;
            }
        }

        await next(context);
    }

    private static void Refuse(HttpContext context)
    {
        // The error page runs on this same request: it must find an empty form, not the refused body.
        context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
        context.Request.ContentType = null;
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
    }
}
