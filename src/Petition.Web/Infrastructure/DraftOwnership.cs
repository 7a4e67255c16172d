using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Petition.Core.Applications;

namespace Petition.Web.Infrastructure;

/// <summary>
/// The owner cookie: a random token that only this browser holds. Drafts store its SHA-256 hash, so
/// the database alone never lets anyone act as the owner.
/// </summary>
public sealed class DraftOwnerCookie(IHttpContextAccessor accessor)
{
    public const string CookieName = "Petition.Owner";

    private HttpContext Context => accessor.HttpContext ?? throw new InvalidOperationException("No HTTP context.");

    /// <summary>The hash of this browser's owner token, or null when it has none.</summary>
    public string? CurrentHash() =>
        Context.Request.Cookies.TryGetValue(CookieName, out var token) && token.Length is >= 32 and <= 128 ? Hash(token) : null;

    /// <summary>The hash of this browser's owner token, issuing a token first when needed.</summary>
    public string EnsureHash(TimeSpan lifetime)
    {
        if (CurrentHash() is { } existing)
        {
            return existing;
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = Context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = lifetime + TimeSpan.FromDays(1),
            Path = "/",
        });
        Context.Items[CookieName] = token;
        return Hash(token);
    }

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>
/// Record-level rule: a citizen may touch only a draft their browser owns, or, for a draft a member began, the
/// signed-in member who owns it (on any browser).
/// </summary>
public sealed class DraftOwnerHandler(DraftOwnerCookie owner, Features.Members.MemberSession member) : AuthorizationHandler<OperationAuthorizationRequirement, Draft>
{
    public static readonly OperationAuthorizationRequirement Edit = new() { Name = "EditDraft" };

    protected override async Task HandleRequirementAsync(
        AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, Draft resource)
    {
        // A member's draft (prefilled with the member's personal data) needs that member's session, on any browser; the
        // browser cookie alone is not enough, or the next person at a shared computer could open it after sign-out.
        if (resource.MemberId is not null)
        {
            if (await member.MemberIdAsync() is { } memberId && string.Equals(memberId, resource.MemberId, StringComparison.Ordinal))
            {
                context.Succeed(requirement);
            }

            return;
        }

        var hash = owner.CurrentHash();
        if (hash is not null && CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(resource.OwnerTokenHash)))
        {
            context.Succeed(requirement);
        }
    }
}
