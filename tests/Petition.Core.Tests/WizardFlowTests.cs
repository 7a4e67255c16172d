using Moq;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Identity;

namespace Petition.Core.Tests;

public sealed class WizardFlowTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    private static PetitionType Type(int fee = 0, bool identity = true, DeliveryMethods delivery = DeliveryMethods.All) => new()
    {
        Id = 1,
        Code = "T",
        Name = "테스트 민원",
        Description = "설명",
        Department = "과",
        FeeKrw = fee,
        ProcessingDays = 3,
        RequiresIdentityVerification = identity,
        AllowedDeliveryMethods = delivery,
        Form = new FormDefinition { Fields = [new() { Key = "a", Label = "A", Required = true }] },
    };

    private static IRrnProtector Protector()
    {
        // The protector is an outside boundary here (Data Protection); the real one is tested on SQLite.
        var mock = new Mock<IRrnProtector>();
        mock.Setup(p => p.Protect(It.IsAny<Rrn>())).Returns((Rrn r) => "enc:" + r.Masked);
        return mock.Object;
    }

    private static Draft Filled(PetitionType type, DeliveryMethod delivery = DeliveryMethod.Online)
    {
        var draft = Draft.Start(type, "hash", Now, TimeSpan.FromDays(7));
        draft.SetApplicant(new ApplicantInput("홍길동", "900101-1234567", "30117", "세종특별자치시 한누리대로 422", null, null, null), Rrn.Parse("900101-1234567"), Protector());
        draft.SetAnswers(new() { ["a"] = "x" });
        draft.SetDelivery(delivery, true, null, null, null);
        return draft;
    }

    [Fact]
    public void FirstOpen_NewDraft_IsApplicant()
    {
        var draft = Draft.Start(Type(), "hash", Now, TimeSpan.FromDays(7));
        Assert.Equal(WizardStep.Applicant, WizardFlow.FirstOpen(draft));
        Assert.False(WizardFlow.CanOpen(draft, WizardStep.Form));
        Assert.True(WizardFlow.CanOpen(draft, WizardStep.SelectType));
    }

    [Fact]
    public void CanOpen_AfterDelivery_ReviewOpensButCertificateWaitsForConfirmation()
    {
        var draft = Filled(Type());
        Assert.True(WizardFlow.CanOpen(draft, WizardStep.Review));
        Assert.False(WizardFlow.CanOpen(draft, WizardStep.Certificate));
        draft.ConfirmReview(Now);
        Assert.True(WizardFlow.CanOpen(draft, WizardStep.Certificate));
    }

    [Fact]
    public void NoCertificate_SwitchesDeliveryToInPersonAndSkipsSignature()
    {
        var draft = Filled(Type(fee: 1000), DeliveryMethod.Postal);
        draft.ConfirmReview(Now);
        draft.ChooseCertificate(CertificateChoice.NoCertificate);
        Assert.Equal(DeliveryMethod.InPerson, draft.EffectiveDelivery);
        Assert.True(draft.DeliverySwitchedToInPerson);
        Assert.Null(draft.MailingAddress);
        Assert.True(WizardFlow.IsSkipped(draft, WizardStep.Signature));
        Assert.Equal(WizardStep.Payment, WizardFlow.Next(draft, WizardStep.Certificate));
        Assert.Equal(WizardStep.Payment, WizardFlow.SubmitStep(draft));
    }

    [Fact]
    public void SubmitStep_FreeTypeWithIdentityAndNoCertificate_IsCertificate()
    {
        var draft = Filled(Type(fee: 0));
        draft.ConfirmReview(Now);
        draft.ChooseCertificate(CertificateChoice.NoCertificate);
        Assert.Equal(WizardStep.Certificate, WizardFlow.SubmitStep(draft));
    }

    [Fact]
    public void SubmitStep_FreeTypeWithoutIdentity_IsReview()
    {
        var draft = Filled(Type(fee: 0, identity: false));
        Assert.Equal(WizardStep.Review, WizardFlow.SubmitStep(draft));
        Assert.True(WizardFlow.IsSkipped(draft, WizardStep.Certificate));
    }

    [Fact]
    public void EditingAnEarlierStep_ClearsReviewAndCertificateAnswer()
    {
        var draft = Filled(Type());
        draft.ConfirmReview(Now);
        draft.ChooseCertificate(CertificateChoice.NoCertificate);
        draft.SetAnswers(new() { ["a"] = "y" });
        Assert.Null(draft.ReviewedAtUtc);
        Assert.Equal(CertificateChoice.Unanswered, draft.CertificateChoice);
        Assert.Equal(WizardStep.Review, WizardFlow.FirstOpen(draft));
    }

    [Fact]
    public void ChangeType_ToAnotherType_ClearsAnswersButKeepsApplicant()
    {
        var draft = Filled(Type());
        var other = Type(delivery: DeliveryMethods.Postal);
        other.Id = 2;
        draft.ChangeType(other);
        Assert.Empty(draft.Answers);
        Assert.False(draft.FormCompleted);
        Assert.Null(draft.ChosenDelivery);
        Assert.Equal("홍길동", draft.ApplicantName);
    }

    [Fact]
    public void Submitted_OnlyReceiptOpens()
    {
        var draft = Filled(Type());
        draft.MarkSubmitted(1, "20261201-000001");
        Assert.Equal(WizardStep.Complete, WizardFlow.FirstOpen(draft));
        Assert.True(WizardFlow.CanOpen(draft, WizardStep.Complete));
        Assert.False(WizardFlow.CanOpen(draft, WizardStep.Applicant));
    }

    [Fact]
    public void PostalWithSeparateAddress_NeedsThatAddress()
    {
        var draft = Filled(Type());
        draft.SetDelivery(DeliveryMethod.Postal, false, null, null, null);
        Assert.False(WizardFlow.IsDone(draft, WizardStep.Delivery));
        draft.SetDelivery(DeliveryMethod.Postal, false, "04524", "서울특별시 중구 세종대로 110", "3층");
        Assert.True(WizardFlow.IsDone(draft, WizardStep.Delivery));
        Assert.Equal("(04524) 서울특별시 중구 세종대로 110 3층", draft.MailingAddress!.OneLine);
    }

    [Fact]
    public void Indicator_MarksSkippedStepsAndCurrent()
    {
        var draft = Filled(Type(fee: 0, identity: false));
        var states = WizardFlow.Indicator(draft, WizardStep.Review);
        Assert.Equal(8, states.Count);
        Assert.Equal(StepState.Current, states[3]);
        Assert.Equal(StepState.Skipped, states[4]);
        Assert.Equal(StepState.Skipped, states[6]);
        Assert.Equal(StepState.Done, states[0]);
    }

    [Fact]
    public void IsExpired_AfterLifetime_ButNeverOnceSubmitted()
    {
        var draft = Filled(Type());
        Assert.False(draft.IsExpired(Now.AddDays(6)));
        Assert.True(draft.IsExpired(Now.AddDays(7)));
        draft.MarkSubmitted(1, "20261201-000001");
        Assert.False(draft.IsExpired(Now.AddDays(30)));
    }

    [Fact]
    public void PetitionFromDraft_NoCertificate_IsCheckAtCounterWithWorkingDayDeadline()
    {
        var type = Type(fee: 1000);
        var draft = Filled(type, DeliveryMethod.Online);
        draft.ConfirmReview(Now);
        draft.ChooseCertificate(CertificateChoice.NoCertificate);
        var record = PetitionRecord.FromDraft(draft, type, Now, new DateOnly(2026, 12, 4));
        Assert.Equal(IdentityVerification.CheckAtCounter, record.Identity);
        Assert.Equal(DeliveryMethod.InPerson, record.Delivery);
        Assert.Equal(DeliveryMethod.Online, record.ChosenDelivery);
        Assert.Equal(FeeStatus.PayAtCounter, record.FeeStatus);
        Assert.Equal(new DateOnly(2026, 12, 9), record.DueDate); // Fri + 3 working days = Wed
        Assert.Equal(PetitionStatus.Received, Assert.Single(record.History).ToStatus);
    }
}
