using Microsoft.AspNetCore.Mvc;
using Petition.Core.Abstractions;

namespace Petition.Web.Features.Home;

public sealed class HomeController(IPetitionTypeRepository types) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> IndexAsync(CancellationToken cancellationToken) =>
        View((await types.ListActiveAsync(cancellationToken)).Count);
}
