using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Petition.Web.Features.Staff;

namespace Petition.Web.Features.Admin;

/// <summary>관리자 메뉴: the administration start page. Every /admin page needs the Admin role and a second factor.</summary>
[Route("admin")]
[Authorize(Policy = StaffPolicies.Admin)]
public sealed class AdminController : Controller
{
    [HttpGet("")]
    public IActionResult Index()
    {
        Response.Headers.CacheControl = "no-store";
        return View("Index");
    }
}
