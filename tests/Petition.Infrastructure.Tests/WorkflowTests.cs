using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Auditing;
using Petition.Core.Catalog;
using Petition.Core.Documents;
using Petition.Core.Identity;
using Petition.Core.Payments;
using Petition.Core.Workbench;
using Petition.Infrastructure.Payments;
using Petition.Infrastructure.Persistence;
using Petition.Infrastructure.Seeding;
using Petition.Infrastructure.Workbench;
using static Petition.Infrastructure.Tests.WorkbenchFixture;

namespace Petition.Infrastructure.Tests;

/// <summary>
/// The status workflow on real SQLite: each transition and refusal, department scope, two clerks at once,
/// repeated posts, the audit record, the outbox e-mail, completion per delivery method, and rejection refunds
/// through the real payment service and the demo card gateway.
/// </summary>
public sealed class WorkflowTests
{
    private static async Task<WorkbenchFixture> CreateAsync(Action<IServiceCollection>? configure = null) =>
        await WorkbenchFixture.CreateAsync(services =>
        {
            // Online issuance: the real issuer when Infrastructure registers one, else a minimal stand-in.
            if (!services.Any(d => d.ServiceType == typeof(IDocumentIssuer)))
            {
                services.AddSingleton<IDocumentIssuer, MinimalDocumentIssuer>();
            }

            configure?.Invoke(services);
        });

    private static async Task<PetitionRecord> InProgressAsync(WorkbenchFixture fixture, PetitionRecord petition)
    {
        var started = await fixture.WithWorkflowAsync(w => w.StartProcessingAsync(petition.Id, petition.ConcurrencyStamp, ClerkOf(petition)));
        Assert.Equal(TransitionOutcome.Done, started.Outcome);
        return started.Petition!;
    }

    [Fact]
    public async Task StartProcessing_FromReceived_ChangesStatusWithHistoryAndAuditButNoEmail()
    {
        await using var fixture = await CreateAsync();
        var petition = await fixture.FileAsync();

        var result = await fixture.WithWorkflowAsync(w => w.StartProcessingAsync(petition.Id, petition.ConcurrencyStamp, Clerk));

        Assert.Equal(TransitionOutcome.Done, result.Outcome);
        Assert.Null(result.Message);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal(PetitionStatus.InProgress, stored.Status);
        Assert.NotEqual(petition.ConcurrencyStamp, stored.ConcurrencyStamp);
        Assert.Equal(stored.ConcurrencyStamp, result.Petition!.ConcurrencyStamp);
        var entry = stored.History[^1];
        Assert.Equal(2, stored.History.Count);
        Assert.Equal((PetitionStatus?)PetitionStatus.Received, entry.FromStatus);
        Assert.Equal(PetitionStatus.InProgress, entry.ToStatus);
        Assert.Equal("이노동 주무관", entry.Actor);
        Assert.Equal("담당자가 민원 처리를 시작했습니다.", entry.Note);
        Assert.Equal(Now, entry.AtUtc);

        var audit = Assert.Single(await fixture.QueryAsync(db => db.AuditRecords.AsNoTracking().ToListAsync()));
        Assert.Equal(AuditActions.StatusChanged, audit.Action);
        Assert.Equal("clerk-1", audit.ActorId);
        Assert.Equal("이노동 주무관", audit.ActorName);
        Assert.Equal("Petition", audit.TargetType);
        Assert.Equal(petition.ReceiptNumber, audit.TargetId);
        Assert.Equal("Received", audit.From);
        Assert.Equal("InProgress", audit.To);
        Assert.Equal("10.0.0.7", audit.IpAddress);
        Assert.Equal(Now, audit.AtUtc);
        Assert.Equal(0, await fixture.QueryAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task RequestSupplement_FromInProgress_StoresRequestAuditsReasonAndQueuesOneEmailWithoutRrn()
    {
        await using var fixture = await CreateAsync();
        var petition = await InProgressAsync(fixture, await fixture.FileAsync());

        var result = await fixture.WithWorkflowAsync(w => w.RequestSupplementAsync(
            petition.Id, petition.ConcurrencyStamp, Clerk, "  근로계약서 사본을 첨부해 주세요.  "));

        Assert.Equal(TransitionOutcome.Done, result.Outcome);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal(PetitionStatus.SupplementRequested, stored.Status);
        Assert.Equal("근로계약서 사본을 첨부해 주세요.", stored.SupplementRequest);
        Assert.Equal(Now, stored.SupplementRequestedAtUtc);
        Assert.Equal("보완 요청: 근로계약서 사본을 첨부해 주세요.", stored.History[^1].Note);
        var audit = await fixture.QueryAsync(db => db.AuditRecords.AsNoTracking().OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.Equal(("InProgress", "SupplementRequested", "근로계약서 사본을 첨부해 주세요."), (audit[1].From, audit[1].To, audit[1].Reason));

        var message = Assert.Single(await fixture.QueryAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync()));
        Assert.Equal($"petition-history:{stored.History[^1].Id}", message.DeduplicationKey);
        Assert.Equal("citizen@example.com", message.ToAddress);
        Assert.Equal("김민원", message.ToName);
        Assert.Equal($"[민원마당] 보완 요청: 근로조건 자율점검 상담 신청 (접수번호 {petition.ReceiptNumber})", message.Subject);
        Assert.Contains("근로계약서 사본을 첨부해 주세요.", message.BodyText, StringComparison.Ordinal);
        Assert.Contains("https://minwon.example.go.kr/track", message.BodyText, StringComparison.Ordinal);
        Assert.Contains($"접수번호: {petition.ReceiptNumber}", message.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("900101", message.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("1234567", message.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain(petition.RrnMasked, message.BodyText, StringComparison.Ordinal);
        Assert.Equal(Now, message.NextAttemptAtUtc);
        Assert.Null(message.SentAtUtc);
    }

    [Theory]
    [InlineData("", "보완 요청 내용을 입력해 주세요.")]
    [InlineData("   ", "보완 요청 내용을 입력해 주세요.")]
    [InlineData(null, "500자 이내")]
    public async Task RequestSupplement_MissingOrTooLongText_InvalidAndNothingWritten(string? request, string expected)
    {
        await using var fixture = await CreateAsync();
        var petition = await InProgressAsync(fixture, await fixture.FileAsync());

        var result = await fixture.WithWorkflowAsync(w => w.RequestSupplementAsync(
            petition.Id, petition.ConcurrencyStamp, Clerk, request ?? new string('가', StatusRules.TextMaxLength + 1)));

        Assert.Equal(TransitionOutcome.Invalid, result.Outcome);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal(PetitionStatus.InProgress, stored.Status);
        Assert.Equal(petition.ConcurrencyStamp, stored.ConcurrencyStamp);
        Assert.Equal(1, await fixture.QueryAsync(db => db.AuditRecords.CountAsync()));
        Assert.Equal(0, await fixture.QueryAsync(db => db.OutboxMessages.CountAsync()));
    }

    public static TheoryData<PetitionStatus, string> RefusedTransitions => new()
    {
        { PetitionStatus.InProgress, "start" },
        { PetitionStatus.SupplementRequested, "start" },
        { PetitionStatus.Completed, "start" },
        { PetitionStatus.Received, "supplement" },
        { PetitionStatus.SupplementRequested, "supplement" },
        { PetitionStatus.Rejected, "supplement" },
        { PetitionStatus.Received, "complete" },
        { PetitionStatus.SupplementRequested, "complete" },
        { PetitionStatus.Completed, "complete" },
        { PetitionStatus.Completed, "reject" },
        { PetitionStatus.Rejected, "reject" },
        { PetitionStatus.Received, "respond" },
        { PetitionStatus.InProgress, "respond" },
        { PetitionStatus.Completed, "respond" },
    };

    [Theory]
    [MemberData(nameof(RefusedTransitions))]
    public async Task Transition_NotAllowedFromStatus_RefusedWithKoreanMessageAndNothingWritten(PetitionStatus from, string action)
    {
        await using var fixture = await CreateAsync();
        var petition = await fixture.FileAsync();
        var stamp = await fixture.ForceStatusAsync(petition.Id, from);

        var result = await fixture.WithWorkflowAsync(w => action switch
        {
            "start" => w.StartProcessingAsync(petition.Id, stamp, Clerk),
            "supplement" => w.RequestSupplementAsync(petition.Id, stamp, Clerk, "서류를 보완해 주세요."),
            "complete" => w.CompleteAsync(petition.Id, stamp, Clerk, new CompletionDetails(null)),
            "reject" => w.RejectAsync(petition.Id, stamp, Clerk, "요건 미충족"),
            _ => w.RespondToSupplementAsync(petition.Id, stamp, new SupplementAnswer(petition.Answers, "보완했습니다.")),
        });

        Assert.Equal(TransitionOutcome.NotAllowed, result.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Matches("[가-힣]", result.Message);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal(from, stored.Status);
        Assert.Equal(stamp, stored.ConcurrencyStamp);
        Assert.Single(stored.History);
        Assert.Equal(0, await fixture.QueryAsync(db => db.AuditRecords.CountAsync()));
        Assert.Equal(0, await fixture.QueryAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task Transitions_AllowedPaths_ReachEachStatus()
    {
        Assert.Equal([PetitionStatus.InProgress, PetitionStatus.Rejected], StatusRules.AllowedTargets(PetitionStatus.Received));
        Assert.Equal([PetitionStatus.SupplementRequested, PetitionStatus.Completed, PetitionStatus.Rejected], StatusRules.AllowedTargets(PetitionStatus.InProgress));
        Assert.Equal([PetitionStatus.InProgress, PetitionStatus.Rejected], StatusRules.AllowedTargets(PetitionStatus.SupplementRequested));
        Assert.Empty(StatusRules.AllowedTargets(PetitionStatus.Completed));
        Assert.Empty(StatusRules.AllowedTargets(PetitionStatus.Rejected));

        await using var fixture = await CreateAsync();
        foreach (var from in new[] { PetitionStatus.Received, PetitionStatus.InProgress, PetitionStatus.SupplementRequested })
        {
            var petition = await fixture.FileAsync();
            var stamp = await fixture.ForceStatusAsync(petition.Id, from);
            var rejected = await fixture.WithWorkflowAsync(w => w.RejectAsync(petition.Id, stamp, Clerk, "신청 요건을 충족하지 않습니다."));
            Assert.Equal(TransitionOutcome.Done, rejected.Outcome);
            Assert.Equal(PetitionStatus.Rejected, (await fixture.LoadAsync(petition.Id)).Status);
        }

        // 보완요청 → 처리중 only through the citizen's answer; a clerk cannot skip it.
        var waiting = await fixture.FileAsync();
        var waitingStamp = await fixture.ForceStatusAsync(waiting.Id, PetitionStatus.SupplementRequested);
        var skipped = await fixture.WithWorkflowAsync(w => w.StartProcessingAsync(waiting.Id, waitingStamp, Clerk));
        Assert.Equal(TransitionOutcome.NotAllowed, skipped.Outcome);
        Assert.Contains("민원인이 보완 서류를 제출하면", skipped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyTransition_ClerkOfAnotherDepartmentOrMissingId_NotFoundAndNothingWritten()
    {
        await using var fixture = await CreateAsync();
        var petition = await fixture.FileAsync();

        var foreign = await fixture.WithWorkflowAsync(w => w.StartProcessingAsync(petition.Id, petition.ConcurrencyStamp, ForeignClerk));
        var foreignReject = await fixture.WithWorkflowAsync(w => w.RejectAsync(petition.Id, petition.ConcurrencyStamp, ForeignClerk, "사유"));
        var noDepartment = await fixture.WithWorkflowAsync(w => w.StartProcessingAsync(petition.Id, petition.ConcurrencyStamp, new StaffActor("x", "부서 없음", null, false)));
        var missing = await fixture.WithWorkflowAsync(w => w.StartProcessingAsync(petition.Id + 1000, petition.ConcurrencyStamp, Clerk));

        Assert.All([foreign, foreignReject, noDepartment, missing], r =>
        {
            Assert.Equal(TransitionOutcome.NotFound, r.Outcome);
            Assert.Null(r.Petition);
            Assert.Equal("민원을 찾을 수 없습니다.", r.Message);
        });
        Assert.Equal(PetitionStatus.Received, (await fixture.LoadAsync(petition.Id)).Status);
        Assert.Equal(0, await fixture.QueryAsync(db => db.AuditRecords.CountAsync()));

        // An administrator sees every department.
        var admin = await fixture.WithWorkflowAsync(w => w.StartProcessingAsync(petition.Id, petition.ConcurrencyStamp, Admin));
        Assert.Equal(TransitionOutcome.Done, admin.Outcome);
    }

    [Fact]
    public async Task StartProcessing_TwoClerksOnTheSameStampAtOnce_OneDoneOneConflict_OneHistoryOneAudit()
    {
        await using var fixture = await CreateAsync();
        var petition = await fixture.FileAsync();

        await using var first = fixture.Scope();
        await using var second = fixture.Scope();
        var a = first.ServiceProvider.GetRequiredService<IPetitionWorkflow>();
        var b = second.ServiceProvider.GetRequiredService<IPetitionWorkflow>();
        var results = await Task.WhenAll(
            Task.Run(() => a.StartProcessingAsync(petition.Id, petition.ConcurrencyStamp, Clerk)),
            Task.Run(() => b.StartProcessingAsync(petition.Id, petition.ConcurrencyStamp, OtherClerk)));

        Assert.Single(results, r => r.Outcome == TransitionOutcome.Done);
        var conflict = Assert.Single(results, r => r.Outcome == TransitionOutcome.Conflict);
        Assert.StartsWith("다른 담당자가 먼저 처리했습니다", conflict.Message, StringComparison.Ordinal);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal(2, stored.History.Count);
        Assert.Equal(1, await fixture.QueryAsync(db => db.AuditRecords.CountAsync()));
    }

    [Fact]
    public async Task RequestSupplement_TwoClerksWithTheSameStamp_SecondIsConflictAndQueuesNoSecondEmail()
    {
        await using var fixture = await CreateAsync();
        var petition = await InProgressAsync(fixture, await fixture.FileAsync());

        await using var first = fixture.Scope();
        await using var second = fixture.Scope();
        var results = await Task.WhenAll(
            Task.Run(() => first.ServiceProvider.GetRequiredService<IPetitionWorkflow>().RequestSupplementAsync(petition.Id, petition.ConcurrencyStamp, Clerk, "첫 번째 요청")),
            Task.Run(() => second.ServiceProvider.GetRequiredService<IPetitionWorkflow>().RequestSupplementAsync(petition.Id, petition.ConcurrencyStamp, OtherClerk, "두 번째 요청")));

        Assert.Equal([TransitionOutcome.Done, TransitionOutcome.Conflict], results.Select(r => r.Outcome).Order());
        Assert.Equal(1, await fixture.QueryAsync(db => db.OutboxMessages.CountAsync()));
        Assert.Equal(2, await fixture.QueryAsync(db => db.AuditRecords.CountAsync()));
        Assert.Equal(3, (await fixture.LoadAsync(petition.Id)).History.Count);
    }

    [Fact]
    public async Task RequestSupplement_PostedTwiceBySameClerk_DoneTwiceButOneHistoryOneAuditOneEmail()
    {
        await using var fixture = await CreateAsync();
        var petition = await InProgressAsync(fixture, await fixture.FileAsync());

        var first = await fixture.WithWorkflowAsync(w => w.RequestSupplementAsync(petition.Id, petition.ConcurrencyStamp, Clerk, "사업장 주소를 알려 주세요."));
        var again = await fixture.WithWorkflowAsync(w => w.RequestSupplementAsync(petition.Id, petition.ConcurrencyStamp, Clerk, "사업장 주소를 알려 주세요."));

        Assert.Equal(TransitionOutcome.Done, first.Outcome);
        Assert.Equal(TransitionOutcome.Done, again.Outcome);
        Assert.Equal(first.Petition!.ConcurrencyStamp, again.Petition!.ConcurrencyStamp);
        Assert.Equal(3, (await fixture.LoadAsync(petition.Id)).History.Count);
        Assert.Equal(2, await fixture.QueryAsync(db => db.AuditRecords.CountAsync()));
        Assert.Equal(1, await fixture.QueryAsync(db => db.OutboxMessages.CountAsync()));

        // Another clerk with the same stale stamp is not "the same post": a conflict.
        var other = await fixture.WithWorkflowAsync(w => w.RequestSupplementAsync(petition.Id, petition.ConcurrencyStamp, OtherClerk, "사업장 주소를 알려 주세요."));
        Assert.Equal(TransitionOutcome.Conflict, other.Outcome);
    }

    [Fact]
    public async Task RequestSupplementAndReject_NoEmailAddress_NoOutboxMessage()
    {
        await using var fixture = await CreateAsync();
        var petition = await InProgressAsync(fixture, await fixture.FileAsync(email: null));

        var supplement = await fixture.WithWorkflowAsync(w => w.RequestSupplementAsync(petition.Id, petition.ConcurrencyStamp, Clerk, "서류 보완"));
        var reject = await fixture.WithWorkflowAsync(w => w.RejectAsync(petition.Id, supplement.Petition!.ConcurrencyStamp, Clerk, "기한 내 보완 없음"));

        Assert.Equal(TransitionOutcome.Done, supplement.Outcome);
        Assert.Equal(TransitionOutcome.Done, reject.Outcome);
        Assert.Equal(0, await fixture.QueryAsync(db => db.OutboxMessages.CountAsync()));
        Assert.Equal(3, await fixture.QueryAsync(db => db.AuditRecords.CountAsync()));
    }

    [Fact]
    public async Task RespondToSupplement_CitizenAnswers_StoresResponseReplacesAnswersAndResumesProcessing()
    {
        await using var fixture = await CreateAsync();
        var petition = await InProgressAsync(fixture, await fixture.FileAsync());
        var requested = await fixture.WithWorkflowAsync(w => w.RequestSupplementAsync(petition.Id, petition.ConcurrencyStamp, Clerk, "상시 근로자 수를 적어 주세요."));
        var newAnswers = new Dictionary<string, string>(petition.Answers) { ["employees"] = "12" };

        var result = await fixture.WithWorkflowAsync(w => w.RespondToSupplementAsync(
            petition.Id, requested.Petition!.ConcurrencyStamp, new SupplementAnswer(newAnswers, "상시 근로자 수를 추가했습니다.")));

        Assert.Equal(TransitionOutcome.Done, result.Outcome);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal(PetitionStatus.InProgress, stored.Status);
        Assert.Equal("12", stored.Answers["employees"]);
        var response = Assert.Single(stored.SupplementResponses);
        Assert.Equal("상시 근로자 수를 적어 주세요.", response.Request);
        Assert.Equal("상시 근로자 수를 추가했습니다.", response.Message);
        Assert.False(response.PreviousAnswers.ContainsKey("employees"));
        Assert.Equal("12", response.Answers["employees"]);
        Assert.Null(response.SignatureCms);
        Assert.Equal(("민원인", (PetitionStatus?)PetitionStatus.SupplementRequested), (stored.History[^1].Actor, stored.History[^1].FromStatus));
        var audit = await fixture.QueryAsync(db => db.AuditRecords.AsNoTracking().OrderBy(a => a.Id).ToListAsync());
        Assert.Equal((null, "민원인", "SupplementRequested", "InProgress"), (audit[^1].ActorId, audit[^1].ActorName, audit[^1].From, audit[^1].To));
        Assert.Equal(1, await fixture.QueryAsync(db => db.OutboxMessages.CountAsync())); // only the request's e-mail

        // The same answer posted again (a double click): nothing more.
        var again = await fixture.WithWorkflowAsync(w => w.RespondToSupplementAsync(
            petition.Id, requested.Petition!.ConcurrencyStamp, new SupplementAnswer(newAnswers, "상시 근로자 수를 추가했습니다.")));
        Assert.Equal(TransitionOutcome.Done, again.Outcome);
        Assert.Single((await fixture.LoadAsync(petition.Id)).SupplementResponses);
    }

    [Fact]
    public async Task RespondToSupplement_InvalidAnswersOrMissingMessage_InvalidWithFieldMessage()
    {
        await using var fixture = await CreateAsync();
        var petition = await InProgressAsync(fixture, await fixture.FileAsync());
        var requested = await fixture.WithWorkflowAsync(w => w.RequestSupplementAsync(petition.Id, petition.ConcurrencyStamp, Clerk, "보완"));
        var stamp = requested.Petition!.ConcurrencyStamp;

        var noMessage = await fixture.WithWorkflowAsync(w => w.RespondToSupplementAsync(petition.Id, stamp, new SupplementAnswer(petition.Answers, " ")));
        var badAnswers = await fixture.WithWorkflowAsync(w => w.RespondToSupplementAsync(
            petition.Id, stamp, new SupplementAnswer(new Dictionary<string, string>(petition.Answers) { ["role"] = "없는 값" }, "수정")));

        Assert.Equal((TransitionOutcome.Invalid, "보완 내용을 입력해 주세요."), (noMessage.Outcome, noMessage.Message));
        Assert.Equal(TransitionOutcome.Invalid, badAnswers.Outcome);
        Assert.Contains("신청인 구분", badAnswers.Message, StringComparison.Ordinal);
        Assert.Equal(PetitionStatus.SupplementRequested, (await fixture.LoadAsync(petition.Id)).Status);
    }

    [Fact]
    public async Task RespondToSupplement_SignedPetition_RequiresANewSignatureAndStoresIt()
    {
        await using var fixture = await CreateAsync();
        var original = new byte[] { 0x30, 0x80, 0x01 };
        var petition = await InProgressAsync(fixture, await fixture.FileAsync(
            code: "WAGE-ARREARS-CONFIRM",
            certificate: CertificateChoice.HasCertificate,
            adjust: p =>
            {
                p.Identity = IdentityVerification.VerifiedBySignature;
                p.SignatureCms = original;
                p.SignatureReportJson = "{\"indication\":\"TOTAL_PASSED\"}";
            }));
        var requested = await fixture.WithWorkflowAsync(w => w.RequestSupplementAsync(petition.Id, petition.ConcurrencyStamp, ClerkOf(petition), "체불 금액을 고쳐 주세요."));
        var stamp = requested.Petition!.ConcurrencyStamp;
        var answers = new Dictionary<string, string>
        {
            ["businessName"] = "한빛상사",
            ["businessNumber"] = "123-45-67890",
            ["employedFrom"] = "2025-01-02",
            ["employedTo"] = "2026-10-31",
            ["unpaidAmount"] = "3500000",
            ["purpose"] = "대지급금 청구",
            ["consent"] = "true",
        };

        var unsigned = await fixture.WithWorkflowAsync(w => w.RespondToSupplementAsync(petition.Id, stamp, new SupplementAnswer(answers, "금액을 고쳤습니다.")));
        Assert.Equal(TransitionOutcome.Invalid, unsigned.Outcome);
        Assert.Contains("다시 서명", unsigned.Message, StringComparison.Ordinal);
        Assert.Equal(PetitionStatus.SupplementRequested, (await fixture.LoadAsync(petition.Id)).Status);

        var newSignature = new byte[] { 0x30, 0x80, 0x02, 0x03 };
        var signed = await fixture.WithWorkflowAsync(w => w.RespondToSupplementAsync(
            petition.Id, stamp, new SupplementAnswer(answers, "금액을 고쳤습니다.", newSignature, "{\"indication\":\"TOTAL_PASSED\"}", "홍길동 (yessign)")));
        Assert.Equal(TransitionOutcome.Done, signed.Outcome);
        var stored = await fixture.LoadAsync(petition.Id);
        var response = Assert.Single(stored.SupplementResponses);
        Assert.Equal(newSignature, response.SignatureCms);
        Assert.Equal("홍길동 (yessign)", response.SignerSummary);
        Assert.Equal(original, stored.SignatureCms); // the original evidence stays as it was
        Assert.Equal("3500000", stored.Answers["unpaidAmount"]);
        Assert.Contains("다시 서명", stored.History[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_Online_IssuesTheDocumentInTheSameTransactionAndEmailsItsNumber()
    {
        await using var fixture = await CreateAsync();
        var petition = await InProgressAsync(fixture, await fixture.FileAsync(delivery: DeliveryMethod.Online));

        var result = await fixture.WithWorkflowAsync(w => w.CompleteAsync(petition.Id, petition.ConcurrencyStamp, Clerk, new CompletionDetails("  3일 안에 열람해 주세요. ")));

        Assert.Equal(TransitionOutcome.Done, result.Outcome);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal(PetitionStatus.Completed, stored.Status);
        Assert.Equal(Now, stored.CompletedAtUtc);
        var document = Assert.Single(await fixture.QueryAsync(db => db.IssuedDocuments.AsNoTracking().ToListAsync()));
        Assert.Equal(petition.Id, document.PetitionId);
        Assert.True(DocumentNumber.TryNormalize(document.DocumentNumber, out var normalized));
        Assert.Equal(normalized, document.DocumentNumber);
        Assert.Equal(Now, document.IssuedAtUtc);
        Assert.Contains(document.DocumentNumber, stored.History[^1].Note, StringComparison.Ordinal);
        var audit = await fixture.QueryAsync(db => db.AuditRecords.AsNoTracking().OrderBy(a => a.Id).ToListAsync());
        Assert.Equal("Completed", audit[^1].To);
        Assert.Contains(document.DocumentNumber, audit[^1].Reason, StringComparison.Ordinal);
        var message = Assert.Single(await fixture.QueryAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync()));
        Assert.StartsWith("[민원마당] 처리 완료:", message.Subject, StringComparison.Ordinal);
        Assert.Contains($"발급번호: {document.DocumentNumber}", message.BodyText, StringComparison.Ordinal);
        Assert.Contains("담당자 안내: 3일 안에 열람해 주세요.", message.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_Online_WithoutAnInstitutionKey_IsInvalidAndChangesNothing()
    {
        await using var fixture = await CreateAsync(services => services.AddSingleton<IDocumentIssuer, KeylessDocumentIssuer>());
        var petition = await InProgressAsync(fixture, await fixture.FileAsync(delivery: DeliveryMethod.Online));

        var result = await fixture.WithWorkflowAsync(w => w.CompleteAsync(petition.Id, petition.ConcurrencyStamp, Clerk, new CompletionDetails(null)));

        Assert.Equal(TransitionOutcome.Invalid, result.Outcome);
        Assert.Contains("기관 인증서를 불러올 수 없어", result.Message, StringComparison.Ordinal);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal(PetitionStatus.InProgress, stored.Status);
        Assert.Equal(petition.ConcurrencyStamp, stored.ConcurrencyStamp);
        Assert.Empty(await fixture.QueryAsync(db => db.IssuedDocuments.AsNoTracking().ToListAsync()));
        Assert.Empty(await fixture.QueryAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync()));
    }

    [Theory]
    [InlineData("2026-12-01", "", "등기번호를 입력해 주세요")]
    [InlineData("2026-12-01", "12345", "숫자 13자리")]
    [InlineData("2026-12-01", "60123-4567-890a", "숫자 13자리")]
    [InlineData("2026-12-01", "-6012345678901", "숫자 13자리")]
    [InlineData("2026-12-01", "60123--45678901", "숫자 13자리")]
    [InlineData("2026-12-02", "6012345678901", "오늘 이후일 수 없습니다")]
    [InlineData("2026-11-30", "6012345678901", "접수일")]
    [InlineData(null, "6012345678901", "우편 발송일을 입력해 주세요")]
    public async Task Complete_PostalWithBadMailingDetails_InvalidAndStillInProgress(string? mailedOn, string tracking, string expected)
    {
        await using var fixture = await CreateAsync();
        var petition = await InProgressAsync(fixture, await fixture.FileAsync(delivery: DeliveryMethod.Postal));

        var result = await fixture.WithWorkflowAsync(w => w.CompleteAsync(petition.Id, petition.ConcurrencyStamp, Clerk,
            new CompletionDetails(null, mailedOn is null ? null : DateOnly.Parse(mailedOn, System.Globalization.CultureInfo.InvariantCulture), tracking)));

        Assert.Equal(TransitionOutcome.Invalid, result.Outcome);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal(PetitionStatus.InProgress, stored.Status);
        Assert.Null(stored.PostalTrackingNumber);
    }

    [Theory]
    [InlineData("6012345678901")]
    [InlineData("60123-4567-8901")]
    [InlineData(" 601-2345-678-901 ")]
    public async Task Complete_Postal_RecordsMailingDateAndTrackingNumber(string tracking)
    {
        await using var fixture = await CreateAsync();
        var petition = await InProgressAsync(fixture, await fixture.FileAsync(delivery: DeliveryMethod.Postal));

        var result = await fixture.WithWorkflowAsync(w => w.CompleteAsync(petition.Id, petition.ConcurrencyStamp, Clerk,
            new CompletionDetails(null, Today, tracking)));

        Assert.Equal(TransitionOutcome.Done, result.Outcome);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal((PetitionStatus.Completed, (DateOnly?)Today, "6012345678901"), (stored.Status, stored.MailedOn, stored.PostalTrackingNumber));
        Assert.Contains("60123-4567-8901", stored.History[^1].Note, StringComparison.Ordinal);
        Assert.Empty(await fixture.QueryAsync(db => db.IssuedDocuments.ToListAsync()));
        var message = Assert.Single(await fixture.QueryAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync()));
        Assert.Contains("등기번호: 60123-4567-8901", message.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_InPersonWithoutCertificate_NeedsTheCounterIdentityCheck_ThenRecordsWhoAndWhen()
    {
        await using var fixture = await CreateAsync();
        var filed = await fixture.FileAsync(code: "WAGE-ARREARS-CONFIRM", certificate: CertificateChoice.NoCertificate);
        Assert.Equal((DeliveryMethod.InPerson, IdentityVerification.CheckAtCounter), (filed.Delivery, filed.Identity));
        var petition = await InProgressAsync(fixture, filed);

        var notChecked = await fixture.WithWorkflowAsync(w => w.CompleteAsync(petition.Id, petition.ConcurrencyStamp, ClerkOf(petition), new CompletionDetails(null)));
        Assert.Equal(TransitionOutcome.Invalid, notChecked.Outcome);
        Assert.Contains("창구에서 신분증으로 본인 확인", notChecked.Message, StringComparison.Ordinal);
        Assert.Equal(PetitionStatus.InProgress, (await fixture.LoadAsync(petition.Id)).Status);

        fixture.Clock.Now = fixture.Clock.Now.AddHours(2);
        var done = await fixture.WithWorkflowAsync(w => w.CompleteAsync(petition.Id, petition.ConcurrencyStamp, ClerkOf(petition),
            new CompletionDetails(null, CounterIdentityChecked: true)));
        Assert.Equal(TransitionOutcome.Done, done.Outcome);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal(PetitionStatus.Completed, stored.Status);
        Assert.Equal(Now.AddHours(2), stored.CounterIdentityCheckedAtUtc);
        Assert.Equal("이노동 주무관", stored.CounterIdentityCheckedBy);
        Assert.Contains("본인 확인 후", stored.History[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_UnpaidPetition_RecordsReasonAndEmailsIt()
    {
        await using var fixture = await CreateAsync();
        var petition = await fixture.FileAsync();

        var missing = await fixture.WithWorkflowAsync(w => w.RejectAsync(petition.Id, petition.ConcurrencyStamp, Clerk, ""));
        Assert.Equal((TransitionOutcome.Invalid, "반려 사유를 입력해 주세요."), (missing.Outcome, missing.Message));

        var result = await fixture.WithWorkflowAsync(w => w.RejectAsync(petition.Id, petition.ConcurrencyStamp, Clerk, "관할 기관이 아닙니다. 지방고용노동청에 신청해 주세요."));

        Assert.Equal(TransitionOutcome.Done, result.Outcome);
        Assert.Null(result.Message);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal((PetitionStatus.Rejected, "관할 기관이 아닙니다. 지방고용노동청에 신청해 주세요."), (stored.Status, stored.RejectionReason));
        Assert.Equal("반려 사유: 관할 기관이 아닙니다. 지방고용노동청에 신청해 주세요.", stored.History[^1].Note);
        var message = Assert.Single(await fixture.QueryAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync()));
        Assert.StartsWith("[민원마당] 반려:", message.Subject, StringComparison.Ordinal);
        Assert.Contains("관할 기관이 아닙니다", message.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("환불", message.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_PaidPetition_RefundsOnceThroughTheGatewayAfterCommit()
    {
        await using var fixture = await CreateAsync();
        var petition = await fixture.FilePaidAsync();
        Assert.Equal(FeeStatus.Paid, petition.FeeStatus);

        var result = await fixture.WithWorkflowAsync(w => w.RejectAsync(petition.Id, petition.ConcurrencyStamp, ClerkOf(petition), "수료 기록이 확인되지 않습니다."));
        var again = await fixture.WithWorkflowAsync(w => w.RejectAsync(petition.Id, petition.ConcurrencyStamp, ClerkOf(petition), "수료 기록이 확인되지 않습니다."));

        Assert.Equal(TransitionOutcome.Done, result.Outcome);
        Assert.Null(result.Message);
        Assert.Equal(TransitionOutcome.Done, again.Outcome);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal((PetitionStatus.Rejected, FeeStatus.Refunded), (stored.Status, stored.FeeStatus));
        Assert.Single(stored.History, h => h.Note!.Contains("1,000원 환불", StringComparison.Ordinal));
        var payment = await fixture.QueryAsync(db => db.Payments.AsNoTracking().SingleAsync());
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        var order = await fixture.QueryAsync(db => db.DemoGatewayOrders.AsNoTracking().SingleAsync());
        Assert.Equal((DemoOrderStatus.Canceled, 1), (order.Status, order.ChargeCount));
        var audit = await fixture.QueryAsync(db => db.AuditRecords.AsNoTracking().OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([AuditActions.StatusChanged, AuditActions.FeeRefunded], audit.Select(a => a.Action));
        Assert.Contains("1,000원 환불", audit[1].Reason, StringComparison.Ordinal);
        var message = Assert.Single(await fixture.QueryAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync()));
        Assert.Contains("수수료 1,000원은 결제하신 수단으로 환불됩니다", message.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_PaidPetitionWhileGatewayFails_RejectionStandsRefundPendingThenRetriedOnce()
    {
        var gatewayDown = new GatewaySwitch { RefundsFail = true };
        await using var fixture = await CreateAsync(services =>
        {
            services.AddSingleton(gatewayDown);
            services.RemoveAll<IPaymentGateway>();
            services.AddScoped<IPaymentGateway>(p => new RefundFailingGateway(p.GetRequiredService<DemoCardGateway>(), p.GetRequiredService<GatewaySwitch>()));
        });
        var petition = await fixture.FilePaidAsync();

        var result = await fixture.WithWorkflowAsync(w => w.RejectAsync(petition.Id, petition.ConcurrencyStamp, ClerkOf(petition), "수료 기록이 확인되지 않습니다."));

        Assert.Equal(TransitionOutcome.Done, result.Outcome);
        Assert.Contains("환불은 결제사 응답이 없어 자동으로 다시 시도합니다", result.Message, StringComparison.Ordinal);
        var stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal((PetitionStatus.Rejected, FeeStatus.Paid), (stored.Status, stored.FeeStatus));
        Assert.Contains("환불 처리 대기", stored.History[^1].Note, StringComparison.Ordinal);
        Assert.Equal(1, gatewayDown.RefundCalls);

        // Still down: the retry job tries, nothing changes, the rejection stays.
        var stillDown = await RetryAsync(fixture);
        Assert.Equal(0, stillDown);
        Assert.Equal(2, gatewayDown.RefundCalls);

        gatewayDown.RefundsFail = false;
        Assert.Equal(1, await RetryAsync(fixture));
        Assert.Equal(0, await RetryAsync(fixture)); // nothing left to refund
        Assert.Equal(3, gatewayDown.RefundCalls);

        stored = await fixture.LoadAsync(petition.Id);
        Assert.Equal((PetitionStatus.Rejected, FeeStatus.Refunded), (stored.Status, stored.FeeStatus));
        Assert.Single(stored.History, h => h.Note!.Contains("1,000원 환불:", StringComparison.Ordinal));
        Assert.Equal(PaymentStatus.Refunded, await fixture.QueryAsync(db => db.Payments.AsNoTracking().Select(p => p.Status).SingleAsync()));
        Assert.Equal(1, await fixture.QueryAsync(db => db.AuditRecords.CountAsync(a => a.Action == AuditActions.FeeRefunded)));
        Assert.Equal(1, await fixture.QueryAsync(db => db.OutboxMessages.CountAsync()));
    }

    private static async Task<int> RetryAsync(WorkbenchFixture fixture)
    {
        await using var scope = fixture.Scope();
        return await scope.ServiceProvider.GetRequiredService<IPendingRefunds>().RetryPendingRefundsAsync();
    }

    /// <summary>The test clerk, in the petition's own department.</summary>
    private static StaffActor ClerkOf(PetitionRecord petition) => Clerk with { Department = petition.Department };

    /// <summary>The payment gateway's refund endpoint being unreachable (the outside boundary), switchable.</summary>
    private sealed class GatewaySwitch
    {
        private int _refundCalls;

        public bool RefundsFail { get; set; }

        public int RefundCalls => _refundCalls;

        public void CountRefund() => Interlocked.Increment(ref _refundCalls);
    }

    private sealed class RefundFailingGateway(DemoCardGateway inner, GatewaySwitch gateway) : IPaymentGateway
    {
        public string Provider => inner.Provider;

        public Task<PaymentCheckout> PrepareAsync(Payment payment, PaymentReturnUrls urls, CancellationToken cancellationToken = default) =>
            inner.PrepareAsync(payment, urls, cancellationToken);

        public Task<GatewayPayment> ConfirmAsync(string paymentKey, string orderId, int amount, string idempotencyKey, CancellationToken cancellationToken = default) =>
            inner.ConfirmAsync(paymentKey, orderId, amount, idempotencyKey, cancellationToken);

        public Task<GatewayPayment> GetStatusAsync(string orderId, CancellationToken cancellationToken = default) => inner.GetStatusAsync(orderId, cancellationToken);

        public Task<GatewayPayment> RefundAsync(string paymentKey, int amount, string reason, string idempotencyKey, CancellationToken cancellationToken = default)
        {
            gateway.CountRefund();
            return gateway.RefundsFail
                ? throw new HttpRequestException("connection refused")
                : inner.RefundAsync(paymentKey, amount, reason, idempotencyKey, cancellationToken);
        }
    }
}

/// <summary>The issuer as it behaves when no institution key is configured or loadable.</summary>
internal sealed class KeylessDocumentIssuer : IDocumentIssuer
{
    public IssuedDocument Issue(PetitionRecord petition, string documentNumber, DateTime issuedAtUtc) =>
        throw new InvalidOperationException("No institution key is configured.");
}

/// <summary>
/// A minimal online-issuance stand-in, used only while Infrastructure registers no <see cref="IDocumentIssuer"/>:
/// a tiny PDF-like payload with its digest, so the completion transaction has a document to store.
/// </summary>
internal sealed class MinimalDocumentIssuer : IDocumentIssuer
{
    public IssuedDocument Issue(PetitionRecord petition, string documentNumber, DateTime issuedAtUtc)
    {
        var pdf = Encoding.ASCII.GetBytes($"%PDF-1.7\n% {documentNumber} {petition.ReceiptNumber}\n%%EOF\n");
        return new IssuedDocument
        {
            DocumentNumber = documentNumber,
            PetitionId = petition.Id,
            ReceiptNumber = petition.ReceiptNumber,
            Title = petition.PetitionTypeName,
            ApplicantName = petition.ApplicantName,
            IssuedAtUtc = issuedAtUtc,
            Pdf = pdf,
            PdfSha256 = Convert.ToHexStringLower(SHA256.HashData(pdf)),
            QrPayload = $"{documentNumber}|{petition.ReceiptNumber}",
        };
    }
}

/// <summary>The clock: the one outside boundary the workflow tests move by hand.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// A real SQLite file with the Infrastructure services wired as the portal wires them (like <see cref="SqliteDatabase"/>),
/// plus the <c>Notifications</c> settings (pickup into a temporary directory), a manual clock and optional
/// replacements of outside boundaries (payment gateway, document issuer when none is registered).
/// </summary>
public sealed class WorkbenchFixture : IAsyncDisposable
{
    public static readonly DateTime Now = new(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);
    public static readonly DateOnly Today = new(2026, 12, 1);

    public static readonly StaffActor Clerk = new("clerk-1", "이노동 주무관", "근로기준정책과", false) { IpAddress = "10.0.0.7" };
    public static readonly StaffActor OtherClerk = new("clerk-2", "박근로 주무관", "근로기준정책과", false);
    public static readonly StaffActor ForeignClerk = new("clerk-3", "최훈련 주무관", "직업능력정책과", false);
    public static readonly StaffActor Admin = new("admin-1", "관리자", null, true);

    private WorkbenchFixture(string file, string mailDirectory, ServiceProvider services, ManualClock clock)
    {
        File = file;
        MailDirectory = mailDirectory;
        Services = services;
        Clock = clock;
    }

    public string File { get; }

    public string MailDirectory { get; }

    public ServiceProvider Services { get; }

    public ManualClock Clock { get; }

    public static async Task<WorkbenchFixture> CreateAsync(
        Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null, string? file = null, string? mailDirectory = null)
    {
        file ??= Path.Combine(Path.GetTempPath(), "petition-tests", $"{Guid.NewGuid():N}.db");
        mailDirectory ??= Path.Combine(Path.GetTempPath(), "petition-tests", $"mail-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={file}",
            ["Notifications:Mode"] = "Pickup",
            ["Notifications:PortalBaseUrl"] = "https://minwon.example.go.kr/",
            ["Notifications:FromAddress"] = "no-reply@minwon.example.go.kr",
            ["Notifications:PickupDirectory"] = mailDirectory,
            ["Notifications:InitialBackoff"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var clock = new ManualClock(new DateTimeOffset(Now));
        var collection = new ServiceCollection()
            .AddLogging()
            .AddPetitionInfrastructure(configuration, new HostingEnvironment { ContentRootPath = Path.GetTempPath(), EnvironmentName = Environments.Development });
        collection.RemoveAll<TimeProvider>();
        collection.AddSingleton<TimeProvider>(clock);
        configure?.Invoke(collection);
        var services = collection.BuildServiceProvider(validateScopes: true);
        var fixture = new WorkbenchFixture(file, mailDirectory, services, clock);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return fixture;
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>Files a petition as the wizard does (draft, submit), with <paramref name="adjust"/> applied before it is stored.</summary>
    public async Task<PetitionRecord> FileAsync(
        string code = "WORKING-CONDITIONS-CONSULT",
        DeliveryMethod delivery = DeliveryMethod.Online,
        string? email = "citizen@example.com",
        CertificateChoice certificate = CertificateChoice.NoCertificate,
        Action<PetitionRecord>? adjust = null)
    {
        var draftId = await NewDraftAsync(code, delivery, email, certificate);
        await using var scope = Scope();
        var services = scope.ServiceProvider;
        var draft = (await services.GetRequiredService<IDraftRepository>().GetAsync(draftId))!;
        return await services.GetRequiredService<IPetitionRepository>().SubmitAsync(
            draft,
            () =>
            {
                var record = PetitionRecord.FromDraft(draft, draft.PetitionType!, Now, Today);
                adjust?.Invoke(record);
                return record;
            },
            Today);
    }

    /// <summary>Files the 1,000원 training certificate petition and pays its fee online with the demo card gateway.</summary>
    public async Task<PetitionRecord> FilePaidAsync(string? email = "citizen@example.com")
    {
        var draftId = await NewDraftAsync("TRAINING-COMPLETION-CERT", DeliveryMethod.Online, email, CertificateChoice.NoCertificate);
        await using var scope = Scope();
        var services = scope.ServiceProvider;
        var draft = (await services.GetRequiredService<IDraftRepository>().GetAsync(draftId))!;
        var payments = services.GetRequiredService<IPaymentService>();
        var (payment, _) = await payments.StartAsync(draft, new PaymentReturnUrls("http://localhost/pay/success", "http://localhost/pay/fail"));
        var gateway = services.GetRequiredService<DemoCardGateway>();
        await gateway.SubmitPageAsync(payment.OrderId, DemoCardGateway.ApproveCard, cancel: false);
        var order = (await gateway.FindOrderAsync(payment.OrderId))!;
        var result = await payments.ConfirmAsync(payment.OrderId, order.PaymentKey!, payment.Amount);
        Assert.Equal(PaymentResultKind.Received, result.Kind);
        var db = services.GetRequiredService<PetitionDbContext>();
        return await db.Petitions.AsNoTracking().SingleAsync(p => p.ReceiptNumber == result.ReceiptNumber);
    }

    public async Task<PetitionRecord> LoadAsync(long id)
    {
        await using var scope = Scope();
        return await scope.ServiceProvider.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking()
            .Include(p => p.History.OrderBy(h => h.Id))
            .Include(p => p.SupplementResponses)
            .SingleAsync(p => p.Id == id);
    }

    /// <summary>Puts a petition into a status directly (test setup for the refusal cases), renewing its stamp.</summary>
    public async Task<Guid> ForceStatusAsync(long id, PetitionStatus status)
    {
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var petition = await db.Petitions.SingleAsync(p => p.Id == id);
        petition.Status = status;
        petition.ConcurrencyStamp = Guid.NewGuid();
        await db.SaveChangesAsync();
        return petition.ConcurrencyStamp;
    }

    public async Task<T> WithWorkflowAsync<T>(Func<IPetitionWorkflow, Task<T>> action)
    {
        await using var scope = Scope();
        return await action(scope.ServiceProvider.GetRequiredService<IPetitionWorkflow>());
    }

    public async Task<T> QueryAsync<T>(Func<PetitionDbContext, Task<T>> query)
    {
        await using var scope = Scope();
        return await query(scope.ServiceProvider.GetRequiredService<PetitionDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { File, File + "-wal", File + "-shm" })
        {
            if (System.IO.File.Exists(path))
            {
                System.IO.File.Delete(path);
            }
        }

        if (Directory.Exists(MailDirectory))
        {
            Directory.Delete(MailDirectory, recursive: true);
        }
    }

    private async Task<Guid> NewDraftAsync(string code, DeliveryMethod delivery, string? email, CertificateChoice certificate)
    {
        await using var scope = Scope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PetitionDbContext>();
        var type = await db.PetitionTypes.SingleAsync(t => t.Code == code);
        var draft = Draft.Start(type, "owner-hash", Now, TimeSpan.FromDays(7));
        draft.SetApplicant(new ApplicantInput("김민원", "900101-1234567", "30117", "세종특별자치시 한누리대로 422", "3층", "010-1234-5678", email),
            Rrn.Parse("900101-1234567"), services.GetRequiredService<IRrnProtector>());
        draft.SetAnswers(code switch
        {
            "WORKING-CONDITIONS-CONSULT" => new() { ["role"] = "근로자", ["topic"] = "임금", ["question"] = "연장근로 수당 계산 방법을 알고 싶습니다." },
            "TRAINING-COMPLETION-CERT" => new() { ["courseName"] = "빅데이터 분석 실무", ["institution"] = "한빛직업전문학교", ["completedOn"] = "2026-10-30", ["copies"] = "1" },
            _ => new() { ["businessName"] = "한빛상사", ["consent"] = "true" },
        });
        draft.SetDelivery(delivery, true, null, null, null);
        draft.ConfirmReview(Now);
        draft.ChooseCertificate(certificate);
        await services.GetRequiredService<IDraftRepository>().AddAsync(draft);
        return draft.Id;
    }
}
