using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Auditing;
using Petition.Core.Workbench;
using Petition.Web.Infrastructure;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>
/// 민원 종류 관리 (/admin/types) through the real pipeline: the editor's forms posted as a browser posts them (every
/// button sends the whole form), versions and audit records in the database, and the citizen's path keeping the
/// version each draft and petition began with.
/// </summary>
public sealed class PetitionTypeAdminTests : IDisposable
{
    private const string WageArrears = "체불임금등·사업주확인서 발급";
    private const string TrainingCert = "직업능력개발훈련 수료증명서 발급";

    private readonly PortalFactory _portal = new();

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private object? Scalar(string sql)
    {
        using var db = _portal.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private long Count(string sql) => (long)Scalar(sql)!;

    private int TypeId(string code) => (int)(long)Scalar($"SELECT Id FROM PetitionTypes WHERE Code = '{code}'")!;

    /// <summary>
    /// What a browser sends for the editor form: every enabled input, select and textarea (checked boxes only), with
    /// <paramref name="changes"/> replacing the values of a name (null removes it; several entries of one name add values).
    /// </summary>
    private static List<(string Name, string Value)> EditorValues(FormPage page, params (string Name, string? Value)[] changes)
    {
        var form = page.Document.QuerySelector("form[data-type-editor]") ?? throw new InvalidOperationException($"No type editor on {page.Path}.");
        var values = new List<(string Name, string Value)>();
        foreach (var element in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = element.GetAttribute("name")!;
            if (element.HasAttribute("disabled") || name is "__RequestVerificationToken" or "command")
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        values.Add((name, input.Value ?? string.Empty));
                    }

                    break;
                case IHtmlInputElement input:
                    values.Add((name, input.Value ?? string.Empty));
                    break;
                case IHtmlSelectElement select:
                    values.Add((name, select.Value ?? string.Empty));
                    break;
                case IHtmlTextAreaElement area:
                    values.Add((name, area.Value ?? string.Empty));
                    break;
            }
        }

        foreach (var group in changes.GroupBy(c => c.Name))
        {
            values.RemoveAll(v => v.Name == group.Key);
            values.AddRange(group.Where(c => c.Value is not null).Select(c => (c.Name, c.Value!)));
        }

        return values;
    }

    private static Task<FormPage> PressAsync(HttpClient client, FormPage page, string command, params (string Name, string? Value)[] changes)
    {
        var action = page.Document.QuerySelector("form[data-type-editor]")!.GetAttribute("action")!;
        return page.PostToAsync(client, action, [.. EditorValues(page, changes), ("command", command)]);
    }

    private static IReadOnlyList<string> FieldKeys(FormPage editor) =>
        editor.Document.QuerySelectorAll("input[name$='.Key']").Select(i => ((IHtmlInputElement)i).Value).ToList();

    private async Task<(Staff Admin, FormPage Editor)> OpenEditorAsync(string code, string adminName = "admin-types")
    {
        var admin = await Staff.SignedInAdminAsync(_portal, adminName);
        var editor = await FormPage.GetAsync(admin.Client, $"/admin/types/{TypeId(code)}");
        Assert.Equal(HttpStatusCode.OK, editor.Status);
        return (admin, editor);
    }

    [Fact]
    public async Task Index_Admin_ListsEveryTypeWithItsCurrentVersion()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-list");

        var list = await FormPage.GetAsync(admin.Client, "/admin/types");

        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(6, list.Document.QuerySelectorAll("[data-type-row]").Length);
        Assert.Equal("v1", list.Document.QuerySelector("[data-type-row='WAGE-ARREARS-CONFIRM'] [data-version]")!.TextContent.Trim());
        Assert.Contains("2,000원", list.Document.QuerySelector("[data-type-row='LABOR-ATTORNEY-REISSUE']")!.TextContent, StringComparison.Ordinal);

        // The start-up backfill published each seeded type's current version.
        Assert.Equal(6, Count("SELECT COUNT(*) FROM PetitionTypeVersions WHERE Version = 1"));
    }

    [Fact]
    public async Task TypePages_ClerkOrAdminWithoutSecondFactor_AreForbidden()
    {
        await Staff.CreateClerkAsync(_portal, "clerk-types");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-types");
        await Staff.CreateAccountAsync(_portal, "admin-no-mfa", StaffRoles.Admin, null);
        var admin = new Staff(_portal.CreatePortalClient());
        await admin.SignInAsync("admin-no-mfa");
        var id = TypeId("WAGE-ARREARS-CONFIRM");

        foreach (var client in new[] { clerk.Client, admin.Client })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri("/admin/types", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri($"/admin/types/{id}", UriKind.Relative))).StatusCode);
            var queue = await FormPage.GetAsync(client, "/clerk");
            var posted = await queue.PostToAsync(client, $"/admin/types/{id}", ("Version", "1"), ("Name", "가로챈 이름"), ("command", "save"));
            Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
        }

        Assert.Equal(1L, Scalar("SELECT Version FROM PetitionTypes WHERE Code = 'WAGE-ARREARS-CONFIRM'"));
        Assert.Equal(0, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action LIKE 'catalog.%'"));
    }

    [Fact]
    public async Task Create_ThroughTheForm_PublishesVersionOneWithAuditAndOffersItToCitizens()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-create");
        var blank = await FormPage.GetAsync(admin.Client, "/admin/types/new");
        var withField = await PressAsync(admin.Client, blank, "add",
            ("Code", "overtime-confirm"), ("Name", "연장근로 확인서 발급"), ("Description", "연장근로 시간을 확인합니다."),
            ("Department", "근로기준정책과"), ("FeeKrw", "500"), ("ProcessingDays", "5"),
            ("Fields[0].Key", "employer"), ("Fields[0].Label", "사업장명"), ("Fields[0].Required", "true"));
        Assert.Equal(["employer", string.Empty], FieldKeys(withField));

        var saved = await PressAsync(admin.Client, withField, "save",
            ("Fields[1].Key", "hours"), ("Fields[1].Label", "월 연장근로 시간"), ("Fields[1].Type", "Number"), ("Fields[1].Min", "1"), ("Fields[1].Max", "52"),
            ("PolicyOids", "1.2.410.200005.1.1.4"), ("ChangeNote", "신설"));

        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Matches(@"^/admin/types/\d+$", saved.Path);
        Assert.NotNull(saved.Document.QuerySelector("[data-notice]"));
        Assert.Equal("v1", saved.Document.QuerySelector("[data-current-version]")!.TextContent.Trim());
        var id = TypeId("OVERTIME-CONFIRM");
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM PetitionTypeVersions WHERE PetitionTypeId = {id} AND Version = 1 AND FeeKrw = 500 AND ChangeNote = '신설'"));
        var policies = (string)Scalar($"SELECT AcceptedPolicyOidsJson FROM PetitionTypes WHERE Id = {id}")!;
        Assert.Contains("1.2.410.200005.1.1.1", policies, StringComparison.Ordinal); // 범용 always
        Assert.Contains("1.2.410.200005.1.1.4", policies, StringComparison.Ordinal); // yessign 은행, chosen
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.PetitionTypeCreated}' AND TargetId = 'OVERTIME-CONFIRM' AND Reason = '신설' AND ActorName = 'admin-create 관리자'"));

        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("연장근로 확인서 발급");
        await citizen.FillApplicantAsync();
        var form = await citizen.OpenAsync("form");
        Assert.NotNull(form.Document.GetElementById("Answers_employer_"));
        Assert.NotNull(form.Document.GetElementById("Answers_hours_"));
    }

    [Fact]
    public async Task Create_CodeInvalidOrTaken_ShowsSpecificMessage()
    {
        var admin = await Staff.SignedInAdminAsync(_portal, "admin-code");
        var blank = await FormPage.GetAsync(admin.Client, "/admin/types/new");
        (string, string?)[] basics = [("Name", "새 민원"), ("Description", "설명"), ("Department", "근로기준정책과"), ("Fields[0].Key", "a"), ("Fields[0].Label", "항목")];

        var invalid = await PressAsync(admin.Client, blank, "save", [.. basics, ("Code", "한글코드")]);
        var taken = await PressAsync(admin.Client, blank, "save", [.. basics, ("Code", "WAGE-ARREARS-CONFIRM")]);

        Assert.Contains(invalid.ErrorSummary, e => e.StartsWith("민원 코드는 영문 대문자", StringComparison.Ordinal));
        Assert.Contains("'WAGE-ARREARS-CONFIRM' 코드는 이미 다른 민원 종류가 쓰고 있습니다.", taken.ErrorSummary);
        Assert.Equal(["#Code"], taken.ErrorSummaryLinks);
        Assert.Equal(6, Count("SELECT COUNT(*) FROM PetitionTypes"));
    }

    [Fact]
    public async Task Editor_AddMoveRemoveButtons_RoundTripWithoutSavingAndKeepWhatWasTyped()
    {
        var (admin, editor) = await OpenEditorAsync("EI-ELIGIBILITY-HISTORY");
        Assert.Equal(["period", "use", "copies", "includeEmployer"], FieldKeys(editor));

        var added = await PressAsync(admin.Client, editor, "add", ("Name", "이름을 고치는 중"));
        Assert.Equal("Fields_4__Key", added.Document.QuerySelector("[autofocus]")!.Id);
        var typed = await PressAsync(admin.Client, added, "up:4", ("Fields[4].Key", "reason"), ("Fields[4].Label", "신청 사유"));
        var removed = await PressAsync(admin.Client, typed, "remove:0");
        var movedDown = await PressAsync(admin.Client, removed, "down:0");

        Assert.Equal(["period", "use", "copies", "reason", "includeEmployer"], FieldKeys(typed));
        Assert.Equal("field-3-up", typed.Document.QuerySelector("[autofocus]")!.Id);
        Assert.Equal(["use", "copies", "reason", "includeEmployer"], FieldKeys(removed));
        Assert.Equal(["copies", "use", "reason", "includeEmployer"], FieldKeys(movedDown));
        Assert.Equal("신청 사유", movedDown.Value("Fields_2__Label"));
        Assert.Equal("이름을 고치는 중", movedDown.Value("Name"));
        Assert.Equal("금융기관 제출\n관공서 제출\n취업·이직 확인\n기타", movedDown.Value("Fields_1__Options"));

        // Nothing is saved until "save".
        Assert.Equal(1L, Scalar("SELECT Version FROM PetitionTypes WHERE Code = 'EI-ELIGIBILITY-HISTORY'"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM AuditRecords WHERE Action LIKE 'catalog.%'"));
    }

    [Fact]
    public async Task Edit_Save_PublishesNextVersionWithSnapshotAndAudit()
    {
        var (admin, editor) = await OpenEditorAsync("TRAINING-COMPLETION-CERT");

        var saved = await PressAsync(admin.Client, editor, "save", ("FeeKrw", "3,000"), ("Fields[0].Label", "훈련 과정 이름"), ("ChangeNote", "수수료 인상"));

        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Contains("버전 2을(를) 게시했습니다", saved.Document.QuerySelector("[data-notice]")!.TextContent, StringComparison.Ordinal);
        var id = TypeId("TRAINING-COMPLETION-CERT");
        Assert.Equal(2L, Scalar($"SELECT Version FROM PetitionTypes WHERE Id = {id}"));
        Assert.Equal(3000L, Scalar($"SELECT FeeKrw FROM PetitionTypes WHERE Id = {id}"));
        Assert.Equal(1000L, Scalar($"SELECT FeeKrw FROM PetitionTypeVersions WHERE PetitionTypeId = {id} AND Version = 1"));
        Assert.Equal(3000L, Scalar($"SELECT FeeKrw FROM PetitionTypeVersions WHERE PetitionTypeId = {id} AND Version = 2"));
        Assert.Contains("훈련 과정 이름", (string)Scalar($"SELECT FormJson FROM PetitionTypeVersions WHERE PetitionTypeId = {id} AND Version = 2")!, StringComparison.Ordinal);
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.PetitionTypeEdited}' AND TargetType = 'PetitionType' AND TargetId = 'TRAINING-COMPLETION-CERT' AND \"From\" = 'v1' AND \"To\" = 'v2' AND Reason = '수수료 인상'"));
        Assert.Equal(2, saved.Document.QuerySelectorAll("[data-version-row]").Length);

        var again = await PressAsync(admin.Client, saved, "save");
        Assert.Contains("바뀐 내용이 없어", again.Document.QuerySelector("[data-notice]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2L, Scalar($"SELECT Version FROM PetitionTypes WHERE Id = {id}"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.PetitionTypeEdited}'"));
    }

    [Theory]
    [InlineData("Fields[1].Key", "businessName", "2번째 항목의 키 'businessName'가 1번째 항목과 같습니다. 키는 항목마다 달라야 합니다.", "#Fields_1__Key")]
    [InlineData("Fields[0].Key", "1st-name", "1번째 항목의 키 '1st-name'는 쓸 수 없습니다. 영문자로 시작하고 영문자, 숫자, 밑줄(_)만 50자 이내로 써 주세요.", "#Fields_0__Key")]
    [InlineData("Fields[0].Key", "", "1번째 항목의 키를 입력해 주세요.", "#Fields_0__Key")]
    [InlineData("Fields[0].Label", " ", "1번째 항목의 이름(라벨)을 입력해 주세요.", "#Fields_0__Label")]
    [InlineData("Fields[1].Pattern", @"(\d{3}-?\d{2}", @"'사업자등록번호' 항목의 입력 형식(정규식)이 올바르지 않습니다. 괄호와 특수문자를 확인해 주세요. 예: \d{3}-\d{2}-\d{5}", "#Fields_1__Pattern")]
    [InlineData("Fields[5].Options", "대지급금 청구", "선택형 항목 '사용 목적'에는 선택지를 한 줄에 하나씩 두 개 이상 입력해 주세요.", "#Fields_5__Options")]
    [InlineData("Fields[5].Options", "기타\n기타", "선택형 항목 '사용 목적'에 같은 선택지 '기타'가 두 번 있습니다.", "#Fields_5__Options")]
    [InlineData("Fields[4].Min", "100", "'체불 금품 총액(원)' 항목의 최솟값(100)이 최댓값(10)보다 큽니다. 최솟값은 최댓값 이하로 입력해 주세요.", "#Fields_4__Max")]
    [InlineData("Fields[4].Max", "열", "'체불 금품 총액(원)' 항목의 최댓값은 정수로 입력해 주세요.", "#Fields_4__Max")]
    [InlineData("Fields[0].MaxLength", "0", "'사업장명' 항목의 최대 글자 수는 1에서 10000 사이의 정수로 입력해 주세요.", "#Fields_0__MaxLength")]
    [InlineData("Fields[2].Type", "Signature", "'근무 시작일' 항목의 종류를 선택해 주세요.", "#Fields_2__Type")]
    [InlineData("FeeKrw", "-100", "수수료는 0원에서 1,000,000원 사이의 정수(원)로 입력해 주세요. 무료이면 0을 입력합니다.", "#FeeKrw")]
    [InlineData("ProcessingDays", "0", "처리 기간은 1일에서 365일 사이의 근무일 수로 입력해 주세요.", "#ProcessingDays")]
    [InlineData("Name", "", "민원명을 입력해 주세요.", "#Name")]
    [InlineData("Department", "", "담당 부서를 입력해 주세요.", "#Department")]
    [InlineData("DeliveryMethods", null, "수령 방법을 하나 이상 선택해 주세요.", "#DeliveryMethods")]
    [InlineData("DeliveryMethods", "Postal", "본인 확인이 필요한 민원은 '방문 수령'을 허용해야 합니다. 공동인증서가 없는 신청인은 창구에서 본인 확인을 받고 서류를 받아 갑니다.", "#DeliveryMethods")]
    [InlineData("PolicyOids", "1.2.3.4", "'1.2.3.4'은(는) 고를 수 있는 인증서 정책이 아닙니다. 은행 또는 증권 전용 정책만 고를 수 있습니다.", "#PolicyOids")]
    public async Task Edit_InvalidDefinition_ShowsSpecificMessageAndPublishesNothing(string name, string? value, string message, string link)
    {
        var (admin, editor) = await OpenEditorAsync("WAGE-ARREARS-CONFIRM");
        (string, string?)[] changes = name == "Fields[4].Min" ? [(name, value), ("Fields[4].Max", "10")] : [(name, value)];

        var page = await PressAsync(admin.Client, editor, "save", changes);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal([message], page.ErrorSummary);
        Assert.Equal([link], page.ErrorSummaryLinks);
        Assert.NotNull(page.Document.QuerySelector(link));
        Assert.Equal(1L, Scalar("SELECT Version FROM PetitionTypes WHERE Code = 'WAGE-ARREARS-CONFIRM'"));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM PetitionTypeVersions WHERE PetitionTypeId = (SELECT Id FROM PetitionTypes WHERE Code = 'WAGE-ARREARS-CONFIRM')"));
    }

    [Fact]
    public async Task Edit_NoFieldsLeft_AsksForOne()
    {
        var (admin, editor) = await OpenEditorAsync("TRAINING-COMPLETION-CERT");
        var page = editor;
        for (var i = 0; i < 4; i++)
        {
            page = await PressAsync(admin.Client, page, "remove:0");
        }

        var saved = await PressAsync(admin.Client, page, "save");

        Assert.Empty(FieldKeys(page));
        Assert.Equal(["신청서 항목을 하나 이상 추가해 주세요."], saved.ErrorSummary);
        Assert.Equal("Fields", page.Document.QuerySelector("[autofocus]")!.Id);
    }

    [Fact]
    public async Task Edit_TwoAdminsOnTheSameVersion_SecondIsToldAndKeepsWhatTheyTyped()
    {
        var (first, firstEditor) = await OpenEditorAsync("SEVERANCE-PAY-CONFIRM", "admin-first");
        var (second, secondEditor) = await OpenEditorAsync("SEVERANCE-PAY-CONFIRM", "admin-second");

        var firstSaved = await PressAsync(first.Client, firstEditor, "save", ("ProcessingDays", "10"));
        var refused = await PressAsync(second.Client, secondEditor, "save", ("Fields[6].Label", "상세 내용(선택)"), ("ChangeNote", "라벨 정리"));

        Assert.Equal(HttpStatusCode.OK, firstSaved.Status);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains(refused.ErrorSummary, e => e.StartsWith("다른 관리자가 이 민원 종류를 먼저 고쳐 버전 2을(를) 게시했습니다", StringComparison.Ordinal));
        Assert.Equal("상세 내용(선택)", refused.Value("Fields_6__Label"));
        Assert.Equal("라벨 정리", refused.Value("ChangeNote"));
        Assert.Equal("2", refused.Document.QuerySelector("[data-version-stamp]")!.GetAttribute("value"));
        var id = TypeId("SEVERANCE-PAY-CONFIRM");
        Assert.Equal(2L, Scalar($"SELECT Version FROM PetitionTypes WHERE Id = {id}"));
        Assert.Equal(10L, Scalar($"SELECT ProcessingDays FROM PetitionTypes WHERE Id = {id}"));
        Assert.DoesNotContain("상세 내용(선택)", (string)Scalar($"SELECT FormJson FROM PetitionTypes WHERE Id = {id}")!, StringComparison.Ordinal);

        // Saving again is now a deliberate choice, on top of version 2.
        var secondSaved = await PressAsync(second.Client, refused, "save");
        Assert.Equal(HttpStatusCode.OK, secondSaved.Status);
        Assert.Equal(3L, Scalar($"SELECT Version FROM PetitionTypes WHERE Id = {id}"));
        Assert.Equal(3, Count($"SELECT COUNT(*) FROM PetitionTypeVersions WHERE PetitionTypeId = {id}"));
    }

    [Fact]
    public async Task RetireAndRestore_HideAndOfferTheType_AnOpenDraftStillFinishes()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync(WageArrears);
        await citizen.FillApplicantAsync();
        var (admin, editor) = await OpenEditorAsync("WAGE-ARREARS-CONFIRM");

        var retired = await editor.PostToAsync(admin.Client, $"/admin/types/{TypeId("WAGE-ARREARS-CONFIRM")}/retire", ("Version", "1"), ("ChangeNote", "서식 개편으로 폐지"));
        var catalogAfterRetire = await FormPage.GetAsync(_portal.CreatePortalClient(), "/apply");
        var ownStepOne = await citizen.OpenAsync("type");
        await citizen.FillWageArrearsFormAsync();
        await citizen.ChooseDeliveryAsync("Postal");
        await citizen.ConfirmReviewAsync();
        var receipt = await citizen.DeclareNoCertificateAsync();

        Assert.NotNull(retired.Document.QuerySelector("[data-retired]"));
        Assert.DoesNotContain(WageArrears, catalogAfterRetire.Text, StringComparison.Ordinal);
        Assert.Contains(WageArrears, ownStepOne.Text, StringComparison.Ordinal);
        Assert.EndsWith("/receipt", receipt.Path, StringComparison.Ordinal);
        Assert.NotNull(Citizen.ReceiptNumber(receipt));

        var restored = await retired.PostToAsync(admin.Client, $"/admin/types/{TypeId("WAGE-ARREARS-CONFIRM")}/restore", ("Version", "2"), ("ChangeNote", "다시 접수"));
        var catalogAfterRestore = await FormPage.GetAsync(_portal.CreatePortalClient(), "/apply");

        Assert.Null(restored.Document.QuerySelector("[data-retired]"));
        Assert.Contains(WageArrears, catalogAfterRestore.Text, StringComparison.Ordinal);
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.PetitionTypeRetired}' AND TargetId = 'WAGE-ARREARS-CONFIRM' AND Reason = '서식 개편으로 폐지'"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM AuditRecords WHERE Action = '{AuditActions.PetitionTypeRestored}' AND TargetId = 'WAGE-ARREARS-CONFIRM' AND \"To\" = 'v3'"));
        Assert.Equal(3, Count("SELECT COUNT(*) FROM PetitionTypeVersions WHERE PetitionTypeId = (SELECT Id FROM PetitionTypes WHERE Code = 'WAGE-ARREARS-CONFIRM')"));
    }

    [Fact]
    public async Task Edit_OlderPetitionAndOpenDraft_KeepTheirOriginalFormAndFee_NewDraftGetsTheNewOnes()
    {
        // A petition filed on version 1, and a fee draft begun on version 1 (applicant done).
        var filer = new Citizen(_portal.CreatePortalClient());
        var filed = Citizen.ReceiptNumber(await filer.FileWageArrearsWithoutCertificateAsync())!;
        var early = new Citizen(_portal.CreatePortalClient());
        await early.StartAsync(TrainingCert);
        await early.FillApplicantAsync();

        // The administrator renames a wage field and adds a required one; raises the training fee and replaces its copies field.
        var (admin, wage) = await OpenEditorAsync("WAGE-ARREARS-CONFIRM");
        await PressAsync(admin.Client, wage, "save", ("Fields[0].Label", "사업장 상호"));
        var training = await FormPage.GetAsync(admin.Client, $"/admin/types/{TypeId("TRAINING-COMPLETION-CERT")}");
        var withHours = await PressAsync(admin.Client, training, "add");
        await PressAsync(admin.Client, withHours, "save",
            ("FeeKrw", "3000"), ("Fields[3].Key", "purpose"), ("Fields[3].Label", "제출처"), ("Fields[3].Type", "Text"), ("Fields[3].Required", "true"),
            ("Fields[4].Key", "hours"), ("Fields[4].Label", "총 훈련 시간"), ("Fields[4].Type", "Number"), ("Fields[4].Required", "true"));

        // The draft begun before the edit continues with version 1: old fields, old fee.
        var oldForm = await early.OpenAsync("form");
        Assert.NotNull(oldForm.Document.GetElementById("Answers_copies_"));
        Assert.Null(oldForm.Document.GetElementById("Answers_hours_"));
        var delivery = await oldForm.PostAsync(early.Client,
            ("Answers[courseName]", "빅데이터 분석 실무"), ("Answers[institution]", "한빛직업전문학교"),
            ("Answers[completedOn]", "2026-10-30"), ("Answers[copies]", "1"));
        Assert.EndsWith("/delivery", delivery.Path, StringComparison.Ordinal);
        await early.ChooseDeliveryAsync("Online");
        var review = await early.OpenAsync("review");
        Assert.Contains("1,000원", review.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("3,000원", review.Text, StringComparison.Ordinal);
        await early.ConfirmReviewAsync();
        var payment = await early.DeclareNoCertificateAsync();
        Assert.EndsWith("/payment", payment.Path, StringComparison.Ordinal);
        Assert.Contains("1,000원", payment.Text, StringComparison.Ordinal);
        var hosted = await payment.PostAsync(early.Client, ("method", "online"));
        var paid = await hosted.PostAsync(early.Client, ("cardNumber", "4242-4242-4242-4242"), ("action", "pay"));
        var receipt = Citizen.ReceiptNumber(paid)!;
        Assert.Equal(1000L, Scalar($"SELECT FeeKrw FROM Petitions WHERE ReceiptNumber = '{receipt}'"));
        Assert.Equal(1L, Scalar($"SELECT PetitionTypeVersion FROM Petitions WHERE ReceiptNumber = '{receipt}'"));
        Assert.Equal(1000L, Scalar("SELECT Amount FROM Payments"));
        Assert.DoesNotContain("hours", (string)Scalar($"SELECT FormJson FROM Petitions WHERE ReceiptNumber = '{receipt}'")!, StringComparison.Ordinal);

        // A draft begun now gets version 2.
        var late = new Citizen(_portal.CreatePortalClient());
        await late.StartAsync(TrainingCert);
        await late.FillApplicantAsync();
        var newForm = await late.OpenAsync("form");
        Assert.NotNull(newForm.Document.GetElementById("Answers_hours_"));
        Assert.NotNull(newForm.Document.GetElementById("Answers_purpose_"));
        Assert.Null(newForm.Document.GetElementById("Answers_copies_"));
        var missing = await newForm.PostAsync(late.Client,
            ("Answers[courseName]", "빅데이터 분석 실무"), ("Answers[institution]", "한빛직업전문학교"), ("Answers[completedOn]", "2026-10-30"), ("Answers[copies]", "1"));
        Assert.Contains("'총 훈련 시간'을(를) 입력해 주세요.", missing.ErrorSummary);
        await missing.PostAsync(late.Client,
            ("Answers[courseName]", "빅데이터 분석 실무"), ("Answers[institution]", "한빛직업전문학교"), ("Answers[completedOn]", "2026-10-30"),
            ("Answers[copies]", "1"), ("Answers[purpose]", "회사 제출"), ("Answers[hours]", "120"));
        await late.ChooseDeliveryAsync("Online");
        var lateReview = await late.OpenAsync("review");
        Assert.Contains("3,000원", lateReview.Text, StringComparison.Ordinal);

        // The petition filed on version 1 still shows its own form to the clerk.
        var detail = await admin.DetailAsync(await admin.FindAsync(filed));
        Assert.Contains("사업장명", detail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("사업장 상호", detail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_InEnglish_HaveAnEnglishResourceForEveryString()
    {
        _portal.Settings[MissingResourceRegistration.Switch] = "true";
        var (admin, _) = await OpenEditorAsync("WAGE-ARREARS-CONFIRM");
        var id = TypeId("WAGE-ARREARS-CONFIRM");
        var collector = _portal.Services.GetRequiredService<MissingResourceCollector>();

        var list = await FormPage.GetAsync(admin.Client, "/admin/types?ui-culture=en");
        var editor = await FormPage.GetAsync(admin.Client, $"/admin/types/{id}?ui-culture=en");
        var blank = await FormPage.GetAsync(admin.Client, "/admin/types/new?ui-culture=en");
        var invalid = await editor.PostToAsync(admin.Client, $"/admin/types/{id}?ui-culture=en",
            [.. EditorValues(editor, ("Name", ""), ("Description", ""), ("Department", ""), ("FeeKrw", "x"), ("ProcessingDays", "0"), ("DeliveryMethods", "Postal"),
                ("Fields[3].Key", ""), ("Fields[1].Key", "businessName"), ("Fields[2].Label", ""), ("Fields[1].Pattern", "(["), ("Fields[5].Options", "하나"),
                ("Fields[4].Min", "9"), ("Fields[4].Max", "1"), ("Fields[6].MaxLength", "-1"), ("PolicyOids", "9.9")), ("command", "save")]);
        var created = await blank.PostToAsync(admin.Client, "/admin/types/new?ui-culture=en", [.. EditorValues(blank, ("Code", "소문자")), ("command", "save")]);
        var preview = await editor.PostToAsync(admin.Client, "/admin/types/preview?ui-culture=en", [.. EditorValues(editor)]);

        Assert.Equal("Petition types", list.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Form fields (step 3)", editor.Text, StringComparison.Ordinal);
        Assert.Contains("Enter the fee as a whole number of won from 0 to 1,000,000. Enter 0 if it is free.", invalid.ErrorSummary);
        Assert.Contains("The key 'businessName' of field 2 is the same as field 1's. Every field needs its own key.", invalid.ErrorSummary);
        Assert.True(invalid.ErrorSummary.Count >= 12, string.Join(" | ", invalid.ErrorSummary));
        Assert.Contains(created.ErrorSummary, e => e.StartsWith("Enter a petition code of 2 to 50", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.DoesNotContain(collector.Missing, m => m.Resource.Contains("AdminTypes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Preview_RendersExactlyTheCitizensFieldMarkup_AndFollowsTheEditor()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync(WageArrears);
        await citizen.FillApplicantAsync();
        var citizenForm = await citizen.OpenAsync("form");
        var (admin, editor) = await OpenEditorAsync("WAGE-ARREARS-CONFIRM");

        var same = await editor.PostToAsync(admin.Client, "/admin/types/preview", [.. EditorValues(editor)]);
        var changed = await editor.PostToAsync(admin.Client, "/admin/types/preview",
            [.. EditorValues(editor, ("Fields[5].Options", "대지급금 청구\n소송\n기타 목적"), ("Fields[0].Label", "근무한 사업장"))]);

        static IReadOnlyList<string> Groups(IParentNode root, string selector) =>
            root.QuerySelectorAll($"{selector} > .form-group").Select(g => string.Join(' ', g.OuterHtml.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))).ToList();

        Assert.Equal(HttpStatusCode.OK, same.Status);
        var citizenGroups = Groups(citizenForm.Document, "form .fieldset");
        Assert.Equal(8, citizenGroups.Count);
        Assert.Equal(citizenGroups, Groups(same.Document, "[data-preview-fields]"));
        Assert.Equal("근무한 사업장", changed.Document.QuerySelector("label[for='Answers_businessName_']")!.TextContent.Split('*')[0].Trim());
        Assert.Equal(["", "대지급금 청구", "소송", "기타 목적"], changed.Document.QuerySelectorAll("#Answers_purpose_ option").Select(o => o.GetAttribute("value")!).ToList());

        // The editor page itself carries the same preview, and a clerk cannot use the endpoint.
        Assert.Equal(citizenGroups, Groups(editor.Document, "[data-preview-fields]"));
        await Staff.CreateClerkAsync(_portal, "clerk-preview");
        var clerk = await Staff.SignedInAsync(_portal, "clerk-preview");
        var queue = await FormPage.GetAsync(clerk.Client, "/clerk");
        Assert.Equal(HttpStatusCode.Forbidden, (await queue.PostToAsync(clerk.Client, "/admin/types/preview", ("Name", "x"))).Status);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM AuditRecords WHERE Action LIKE 'catalog.%'"));
    }
}
