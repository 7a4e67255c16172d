namespace Petition.Web.Infrastructure;

/// <summary>Maps what went wrong to the status the citizen's error page explains.</summary>
public static class ErrorStatus
{
    public static int ForException(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        InvalidDataException => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status500InternalServerError,
    };
}
