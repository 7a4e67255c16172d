using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Petition.Core.Abstractions;
using Petition.Core.Catalog;
using Petition.Core.Workbench;
using Petition.Web.Features.Apply;
using Petition.Web.Features.Shared;
using Petition.Web.Features.Staff;

namespace Petition.Web.Features.AdminTypes;

/// <summary>
/// 민원 종류 관리: the administrator's catalog editor. Lists every type (active and retired), creates, edits, retires
/// and restores them; each change publishes a new version (see <see cref="PetitionTypeCatalog"/>). The form editor is a
/// plain form whose buttons post everything (add, move up or down, remove a field); wwwroot/js/type-editor.js adds a
/// live preview drawn by <see cref="Preview"/> with the wizard's own field partial.
/// </summary>
[Route("admin/types")]
[Authorize(Policy = StaffPolicies.Admin)]
public sealed class AdminTypesController(
    IPetitionTypeRepository types,
    PetitionTypeCatalog catalog,
    TypeDefinitionValidator validator,
    IStringLocalizer<AdminTypesController> l) : Controller
{
    /// <summary>The most values one editor post may carry (every setting and every field's settings).</summary>
    public const int MaxFormValues = 2000;

    private const string DefinedFieldPartial = "~/Features/Apply/Views/_DefinedField.cshtml";

    private StaffActor Actor => User.ToStaffActor(HttpContext.Connection.RemoteIpAddress?.ToString())
        ?? throw new InvalidOperationException("The Admin policy admits staff only.");

    public static string DefinedField => DefinedFieldPartial;

    [HttpGet("")]
    public async Task<IActionResult> IndexAsync(CancellationToken cancellationToken)
    {
        NoStore();
        var rows = (await types.ListAllAsync(cancellationToken))
            .Select(t => new TypeListRow(t.Id, t.Code, t.Name, t.Department, t.FeeKrw, t.ProcessingDays, t.Version, t.IsActive, t.Form.Fields.Count))
            .ToList();
        return View("Index", rows);
    }

    [HttpGet("new")]
    public async Task<IActionResult> CreateAsync(CancellationToken cancellationToken)
    {
        NoStore();
        return View("Edit", await EditorAsync(null, TypeEditorInput.New(), null, null, cancellationToken));
    }

    [HttpPost("new")]
    [RequestFormLimits(ValueCountLimit = MaxFormValues)]
    public async Task<IActionResult> CreateAsync(TypeEditorInput input, string? command, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        NoStore();
        input.Code = input.Code?.Trim().ToUpperInvariant();
        if (Arrange(input, command) is { } focus)
        {
            return View("Edit", await EditorAsync(null, input, null, focus, cancellationToken));
        }

        var taken = input.Code is { Length: > 0 } code && await catalog.CodeTakenAsync(code, cancellationToken);
        var (definition, errors) = validator.Validate(input, creating: true, _ => taken);
        if (definition is null)
        {
            return await InvalidAsync(null, input, errors, cancellationToken);
        }

        var result = await catalog.CreateAsync(input.Code!, definition, Actor, input.ChangeNote, cancellationToken);
        if (result.Change == CatalogChange.DuplicateCode)
        {
            return await InvalidAsync(null, input, [new DefinitionError(nameof(input.Code), l["'{0}' 코드는 이미 다른 민원 종류가 쓰고 있습니다.", input.Code!])], cancellationToken);
        }

        return Redirect(EditUrl(result.Id, "published", result.Version));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> EditAsync(int id, int? published, bool? unchanged, string? done, CancellationToken cancellationToken)
    {
        NoStore();
        var type = await types.GetAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        var notice = published is { } version ? l["버전 {0}을(를) 게시했습니다. 새로 시작하는 신청서부터 이 버전을 씁니다. 이미 작성 중이거나 접수된 민원은 처음 버전을 그대로 씁니다.", version].Value
            : unchanged == true ? l["바뀐 내용이 없어 새 버전을 만들지 않았습니다."].Value
            : done == "retired" ? l["민원 종류를 폐지했습니다. 새 신청은 받지 않고, 이미 작성 중인 신청서는 끝까지 제출할 수 있습니다."].Value
            : done == "restored" ? l["민원 종류를 다시 사용합니다. 민원 신청 목록에 다시 나타납니다."].Value
            : null;
        return View("Edit", await EditorAsync(type, TypeEditorInput.From(type), notice, null, cancellationToken));
    }

    [HttpPost("{id:int}")]
    [RequestFormLimits(ValueCountLimit = MaxFormValues)]
    public async Task<IActionResult> EditAsync(int id, TypeEditorInput input, string? command, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        NoStore();
        var type = await types.GetAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        input.Code = type.Code;
        if (Arrange(input, command) is { } focus)
        {
            return View("Edit", await EditorAsync(type, input, null, focus, cancellationToken));
        }

        var (definition, errors) = validator.Validate(input, creating: false, _ => false);
        if (definition is null)
        {
            return await InvalidAsync(type, input, errors, cancellationToken);
        }

        var result = await catalog.UpdateAsync(id, input.Version, definition, Actor, input.ChangeNote, cancellationToken);
        switch (result.Change)
        {
            case CatalogChange.Published:
                return Redirect(EditUrl(id, "published", result.Version));
            case CatalogChange.Unchanged:
                return Redirect($"/admin/types/{id.ToString(CultureInfo.InvariantCulture)}?unchanged=true");
            case CatalogChange.Conflict:
                return await ConflictAsync(id, input, result.Version, cancellationToken);
            case CatalogChange.NotFound:
            case CatalogChange.DuplicateCode:
            default:
                return NotFound();
        }
    }

    [HttpPost("{id:int}/retire")]
    public Task<IActionResult> RetireAsync(int id, int version, string? changeNote, CancellationToken cancellationToken) =>
        SetActiveAsync(id, version, active: false, changeNote, cancellationToken);

    [HttpPost("{id:int}/restore")]
    public Task<IActionResult> RestoreAsync(int id, int version, string? changeNote, CancellationToken cancellationToken) =>
        SetActiveAsync(id, version, active: true, changeNote, cancellationToken);

    /// <summary>The citizen's form page for the posted definition, drawn with the wizard's own partial (for the live preview).</summary>
    [HttpPost("preview")]
    [RequestFormLimits(ValueCountLimit = MaxFormValues)]
    public IActionResult Preview(TypeEditorInput input)
    {
        ModelState.Clear();
        NoStore();
        return PartialView("_Preview", PreviewModel(input));
    }

    private async Task<IActionResult> SetActiveAsync(int id, int version, bool active, string? changeNote, CancellationToken cancellationToken)
    {
        NoStore();
        var type = await types.GetAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        if (changeNote?.Trim().Length > 1000)
        {
            this.AddOrderedModelError("ChangeNote", l["변경 내용은 1000자 이내로 입력해 주세요."]);
            return View("Edit", await EditorAsync(type, TypeEditorInput.From(type), null, null, cancellationToken));
        }

        var result = await catalog.SetActiveAsync(id, version, active, Actor, changeNote, cancellationToken);
        return result.Change switch
        {
            CatalogChange.Published => Redirect(EditUrl(id, "done", active ? "restored" : "retired")),
            CatalogChange.Unchanged => Redirect($"/admin/types/{id.ToString(CultureInfo.InvariantCulture)}?unchanged=true"),
            CatalogChange.Conflict => await ConflictAsync(id, TypeEditorInput.From((await types.GetAsync(id, cancellationToken))!), result.Version, cancellationToken),
            _ => NotFound(),
        };
    }

    /// <summary>
    /// Another administrator saved first: their version stays published, and this page keeps what this administrator
    /// typed, now stamped with the newer version so that saving again is a deliberate choice.
    /// </summary>
    private async Task<IActionResult> ConflictAsync(int id, TypeEditorInput input, int currentVersion, CancellationToken cancellationToken)
    {
        var type = await types.GetAsync(id, cancellationToken);
        if (type is null)
        {
            return NotFound();
        }

        var opened = input.Version;
        input.Version = currentVersion;
        this.AddOrderedModelError(string.Empty, l["다른 관리자가 이 민원 종류를 먼저 고쳐 버전 {0}을(를) 게시했습니다 (이 화면은 버전 {1}에서 시작했습니다). 입력하신 내용은 아래에 그대로 있고 저장되지 않았습니다. 버전 기록과 최신 내용을 확인한 뒤, 이 내용으로 바꾸려면 다시 저장해 주세요.", currentVersion, opened]);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Edit", await EditorAsync(type, input, null, null, cancellationToken));
    }

    private async Task<IActionResult> InvalidAsync(PetitionType? type, TypeEditorInput input, IReadOnlyList<DefinitionError> errors, CancellationToken cancellationToken)
    {
        foreach (var error in errors)
        {
            this.AddOrderedModelError(error.Key, error.Message);
        }

        return View("Edit", await EditorAsync(type, input, null, null, cancellationToken));
    }

    /// <summary>
    /// Applies an editing button (add, up:i, down:i, remove:i, refresh) to the posted fields and returns the id of the
    /// control to focus on the page drawn again; null when the button was "save".
    /// </summary>
    private static string? Arrange(TypeEditorInput input, string? command)
    {
        var fields = input.Fields;
        var (verb, index) = ParseCommand(command);
        switch (verb)
        {
            case "save":
                return null;
            case "add":
                fields.Add(new FieldInput { Type = nameof(FieldType.Text) });
                return $"Fields_{fields.Count - 1}__Key";
            case "up" when index > 0 && index < fields.Count:
                (fields[index - 1], fields[index]) = (fields[index], fields[index - 1]);
                return index - 1 == 0 ? $"field-{index - 1}-down" : $"field-{index - 1}-up";
            case "down" when index >= 0 && index < fields.Count - 1:
                (fields[index + 1], fields[index]) = (fields[index], fields[index + 1]);
                return index + 1 == fields.Count - 1 ? $"field-{index + 1}-up" : $"field-{index + 1}-down";
            case "remove" when index >= 0 && index < fields.Count:
                fields.RemoveAt(index);
                return fields.Count == 0 ? "Fields" : $"Fields_{Math.Min(index, fields.Count - 1)}__Key";
            default:
                return "Fields";
        }
    }

    private static (string Verb, int Index) ParseCommand(string? command)
    {
        if (string.IsNullOrEmpty(command) || command == "save")
        {
            return ("save", -1);
        }

        var parts = command.Split(':', 2);
        return parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? (parts[0], index)
            : (parts[0], -1);
    }

    private async Task<TypeEditorViewModel> EditorAsync(PetitionType? type, TypeEditorInput input, string? notice, string? focus, CancellationToken cancellationToken) => new()
    {
        Id = type?.Id,
        Input = input,
        IsActive = type?.IsActive ?? true,
        CurrentVersion = type?.Version ?? 0,
        Departments = await catalog.DepartmentsAsync(cancellationToken),
        Versions = type is null ? [] : await types.ListVersionsAsync(type.Id, cancellationToken),
        Preview = PreviewModel(input),
        Notice = notice,
        FocusId = focus,
    };

    private TypePreviewViewModel PreviewModel(TypeEditorInput input) => new()
    {
        Name = input.Name,
        Fields = TypeDefinitionValidator.PreviewFields(input.Fields, l["(이름 없는 항목)"])
            .Select(f => new FormFieldViewModel { Definition = f })
            .ToList(),
    };

    private static string EditUrl(int id, string key, object value) =>
        string.Create(CultureInfo.InvariantCulture, $"/admin/types/{id}?{key}={value}");

    private void NoStore() => Response.Headers.CacheControl = "no-store";
}
