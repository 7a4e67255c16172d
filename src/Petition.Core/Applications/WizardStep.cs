namespace Petition.Core.Applications;

/// <summary>
/// The pages of the citizen's path. The eight numbered steps are the seed's; <see cref="Review"/>
/// (check your answers) sits between delivery and the certificate check and carries no number.
/// </summary>
public enum WizardStep
{
    SelectType,
    Applicant,
    Form,
    Delivery,
    Review,
    Certificate,
    Signature,
    Payment,
    Complete,
}

public static class WizardStepExtensions
{
    public static readonly IReadOnlyList<string> StepLabels =
        ["민원 선택", "신청인 기본사항", "신청서 작성", "수령 방법", "인증서 확인", "전자서명", "수수료 결제", "신청 완료"];

    /// <summary>The 1-based number shown in the step indicator.</summary>
    public static int Number(this WizardStep step) => step switch
    {
        WizardStep.SelectType => 1,
        WizardStep.Applicant => 2,
        WizardStep.Form => 3,
        WizardStep.Delivery => 4,
        WizardStep.Review => 4,
        WizardStep.Certificate => 5,
        WizardStep.Signature => 6,
        WizardStep.Payment => 7,
        WizardStep.Complete => 8,
    };

    public static string Title(this WizardStep step) => step switch
    {
        WizardStep.SelectType => "민원 선택",
        WizardStep.Applicant => "신청인 기본사항",
        WizardStep.Form => "신청서 작성",
        WizardStep.Delivery => "수령 방법 선택",
        WizardStep.Review => "입력 내용 확인",
        WizardStep.Certificate => "인증서 존재 여부",
        WizardStep.Signature => "전자서명",
        WizardStep.Payment => "수수료 결제",
        WizardStep.Complete => "신청 완료",
    };
}
