using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Petition.Web.Infrastructure;

namespace Petition.Web.Features.Errors;

public sealed record ErrorViewModel(int StatusCode, string Title, string Message);

/// <summary>Every error the citizen can meet, explained in Korean; never a stack trace.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorsController : Controller
{
    [Route("error")]
    public IActionResult Error()
    {
        var exception = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        var status = exception is null ? StatusCodes.Status500InternalServerError : ErrorStatus.ForException(exception);
        return Show(status);
    }

    [Route("error/{code:int}")]
    public IActionResult Status(int code) => Show(code);

    private ViewResult Show(int status)
    {
        var (title, message) = status switch
        {
            StatusCodes.Status400BadRequest => ("요청을 처리할 수 없습니다",
                "페이지를 오래 열어 두었거나 요청이 올바르지 않습니다. 이전 화면으로 돌아가 다시 시도해 주세요. 입력한 내용은 마지막으로 저장한 단계까지 보관되어 있습니다."),
            StatusCodes.Status404NotFound => ("페이지를 찾을 수 없습니다",
                "주소가 잘못되었거나 본인의 신청서가 아닙니다. 작성 중인 신청서는 처음 작성한 브라우저에서만 이어서 작성할 수 있습니다."),
            StatusCodes.Status413PayloadTooLarge => ("입력한 내용이 너무 큽니다",
                "한 번에 보낼 수 있는 크기를 넘었습니다. 내용을 줄여서 다시 입력해 주세요. 이전에 저장한 내용은 그대로 남아 있습니다."),
            StatusCodes.Status429TooManyRequests => ("요청이 너무 많습니다",
                "짧은 시간에 너무 많이 조회했습니다. 1분 뒤에 다시 시도해 주세요."),
            _ => ("일시적인 오류가 발생했습니다",
                "잠시 뒤에 다시 시도해 주세요. 입력한 내용은 마지막으로 저장한 단계까지 보관되어 있습니다."),
        };
        Response.StatusCode = status;
        ViewData["Title"] = title;
        return View("Error", new ErrorViewModel(status, title, message));
    }
}
