using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Petition.Infrastructure.Identity;

namespace Petition.Web.Features.AdminStaff;

/// <summary>
/// Staff passwords: the rules in Korean (Identity's own messages are English), a check against the configured
/// password validators, and generated one-time passwords that meet the rules.
/// </summary>
public sealed class StaffPasswords(UserManager<PortalUser> users, IStringLocalizer<StaffPasswords> l)
{
    /// <summary>The rules as the forms state them (see StaffRegistration's password options).</summary>
    public const string RulesText = "12자 이상으로, 영문 소문자·숫자·특수문자를 각각 하나 이상 넣고 서로 다른 문자를 6개 이상 써 주세요.";

    /// <summary>Lower-case letters and digits without look-alikes (l, o, 0, 1).</summary>
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public string Rules => l[RulesText];

    /// <summary>A random password of four groups of four, e.g. "k7wq-mz3p-tr8a-hd2e" (about 79 bits), meeting the rules.</summary>
    public static string Generate()
    {
        while (true)
        {
            var chars = new char[19];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = i % 5 == 4 ? '-' : Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }

            var candidate = new string(chars);
            if (candidate.Any(char.IsAsciiDigit) && candidate.Any(char.IsAsciiLetterLower) && candidate.Distinct().Count() >= 8)
            {
                return candidate;
            }
        }
    }

    /// <summary>The Korean messages of every password rule <paramref name="password"/> breaks (empty when it is fine).</summary>
    public async Task<IReadOnlyList<string>> ValidateAsync(PortalUser user, string password)
    {
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            errors.AddRange(result.Errors.Select(Describe));
        }

        return errors.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The Korean message of an Identity error (user name and password rules).</summary>
    public string Describe(IdentityError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            nameof(IdentityErrorDescriber.PasswordTooShort) => l["비밀번호는 12자 이상이어야 합니다."].Value,
            nameof(IdentityErrorDescriber.PasswordRequiresDigit) => l["비밀번호에 숫자를 하나 이상 넣어 주세요."].Value,
            nameof(IdentityErrorDescriber.PasswordRequiresLower) => l["비밀번호에 영문 소문자를 하나 이상 넣어 주세요."].Value,
            nameof(IdentityErrorDescriber.PasswordRequiresUpper) => l["비밀번호에 영문 대문자를 하나 이상 넣어 주세요."].Value,
            nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => l["비밀번호에 특수문자(예: ! - _ @)를 하나 이상 넣어 주세요."].Value,
            nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => l["비밀번호에 서로 다른 문자를 6개 이상 써 주세요."].Value,
            nameof(IdentityErrorDescriber.DuplicateUserName) => l["이미 있는 아이디입니다. 다른 아이디를 입력해 주세요."].Value,
            nameof(IdentityErrorDescriber.InvalidUserName) => l["아이디에 쓸 수 없는 문자가 있습니다."].Value,
            nameof(IdentityErrorDescriber.PasswordMismatch) => l["비밀번호가 올바르지 않습니다."].Value,
            _ => l["계정 정보를 저장하지 못했습니다. 입력 내용을 확인해 주세요."].Value,
        };
    }
}
