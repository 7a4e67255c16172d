using Petition.Core.Catalog;
using Petition.Core.Payments;

namespace Petition.Infrastructure.Seeding;

/// <summary>
/// The Ministry of Employment and Labor petition types the portal starts with. The forms are
/// plausible inventions for a demonstration, not the Ministry's official forms.
/// </summary>
public static class CatalogSeed
{
    /// <summary>Who published the seeded catalog and the versions back-filled on start.</summary>
    public const string SystemActor = "system";

    /// <summary>The change note of a version published on start for a type that had none.</summary>
    public const string BackfillNote = "시작 시 현재 정의를 버전으로 기록";

    private static readonly FieldDefinition Consent = new()
    {
        Key = "consent",
        Label = "기재한 내용이 사실과 다름없음을 확인합니다",
        Type = FieldType.Checkbox,
        Required = true,
        HelpText = "거짓으로 신청한 경우 관계 법령에 따라 불이익을 받을 수 있습니다.",
    };

    private static readonly FieldDefinition BusinessName = new()
    {
        Key = "businessName",
        Label = "사업장명",
        Required = true,
        MaxLength = 100,
        HelpText = "근무했던 사업장의 상호를 적어 주세요.",
    };

    private static readonly FieldDefinition BusinessNumber = new()
    {
        Key = "businessNumber",
        Label = "사업자등록번호",
        MaxLength = 12,
        Pattern = @"\d{3}-?\d{2}-?\d{5}",
        PatternMessage = "사업자등록번호는 123-45-67890 형식으로 입력해 주세요.",
        HelpText = "알고 있는 경우에만 적어 주세요.",
    };

    /// <summary>범용 personal certificates of the six licensed CAs (../shared/docs/npki.md): always accepted.</summary>
    public static readonly IReadOnlyList<string> GeneralPurposePersonal =
    [
        "1.2.410.200005.1.1.1", // yessign
        "1.2.410.200004.5.2.1.2", // signGATE
        "1.2.410.200004.5.1.1.5", // SignKorea
        "1.2.410.200004.5.4.1.1", // CrossCert
        "1.2.410.200012.1.1.1", // TradeSign
        "1.2.410.200004.5.3.1.9", // NIA
    ];

    /// <summary>은행 (banking-only) personal certificates, accepted where a type allows them.</summary>
    public static readonly IReadOnlyList<string> BankingPersonal =
    [
        "1.2.410.200005.1.1.4", // yessign 은행/보험/카드/민원
        "1.2.410.200004.5.2.1.7.1", // signGATE bank
        "1.2.410.200004.5.4.1.101", // CrossCert bank
        "1.2.410.200012.1.1.101", // TradeSign bank
    ];

    public static IReadOnlyList<PetitionType> Types() =>
    [
        new PetitionType
        {
            Code = "WAGE-ARREARS-CONFIRM",
            Name = "체불임금등·사업주확인서 발급",
            Description = "임금·퇴직금 등이 체불된 근로자가 대지급금을 청구하거나 소송을 제기할 때 필요한 체불 사실 확인서를 발급합니다.",
            Department = "근로개선지도과",
            FeeKrw = 0,
            ProcessingDays = 10,
            RequiresIdentityVerification = true,
            AllowedDeliveryMethods = DeliveryMethods.All,
            AcceptedPolicyOids = [.. GeneralPurposePersonal],
            SortOrder = 10,
            Form = new FormDefinition
            {
                Fields =
                [
                    BusinessName,
                    BusinessNumber,
                    new() { Key = "employedFrom", Label = "근무 시작일", Type = FieldType.Date, Required = true },
                    new() { Key = "employedTo", Label = "근무 종료일(퇴직일)", Type = FieldType.Date, Required = true },
                    new() { Key = "unpaidAmount", Label = "체불 금품 총액(원)", Type = FieldType.Number, Required = true, Min = 1, Max = 10_000_000_000, HelpText = "숫자만 입력해 주세요. 예: 3500000" },
                    new() { Key = "purpose", Label = "사용 목적", Type = FieldType.Select, Required = true, Options = ["대지급금 청구", "민사소송 제기", "기타"] },
                    new() { Key = "details", Label = "체불 내용", Type = FieldType.MultilineText, MaxLength = 1000, HelpText = "체불된 기간과 항목(임금, 퇴직금, 수당 등)을 적어 주세요." },
                    Consent,
                ],
            },
        },
        new PetitionType
        {
            Code = "EI-ELIGIBILITY-HISTORY",
            Name = "고용보험 피보험자격 이력내역서 발급",
            Description = "고용보험 가입(취득)·상실 이력을 사업장별로 확인할 수 있는 내역서를 발급합니다.",
            Department = "고용보험심사과",
            FeeKrw = 0,
            ProcessingDays = 1,
            RequiresIdentityVerification = true,
            AllowedDeliveryMethods = DeliveryMethods.All,
            AcceptedPolicyOids = [.. GeneralPurposePersonal, .. BankingPersonal],
            SortOrder = 20,
            Form = new FormDefinition
            {
                Fields =
                [
                    new() { Key = "period", Label = "조회 기간", Type = FieldType.Select, Required = true, Options = ["전체 기간", "최근 1년", "최근 3년", "최근 5년"] },
                    new() { Key = "use", Label = "용도", Type = FieldType.Select, Required = true, Options = ["금융기관 제출", "관공서 제출", "취업·이직 확인", "기타"] },
                    new() { Key = "copies", Label = "발급 부수", Type = FieldType.Number, Required = true, Min = 1, Max = 5, HelpText = "1부에서 5부까지 신청할 수 있습니다." },
                    new() { Key = "includeEmployer", Label = "사업장 명칭 포함", Type = FieldType.Checkbox, HelpText = "체크하면 내역서에 사업장 명칭이 표시됩니다." },
                ],
            },
        },
        new PetitionType
        {
            Code = "SEVERANCE-PAY-CONFIRM",
            Name = "퇴직금 관련 확인 신청",
            Description = "퇴직 후 14일이 지나도록 받지 못한 퇴직금이 있는 경우 미지급 사실과 금액의 확인을 신청합니다.",
            Department = "근로개선지도과",
            FeeKrw = 0,
            ProcessingDays = 14,
            RequiresIdentityVerification = true,
            AllowedDeliveryMethods = DeliveryMethods.All,
            AcceptedPolicyOids = [.. GeneralPurposePersonal],
            SortOrder = 30,
            Form = new FormDefinition
            {
                Fields =
                [
                    BusinessName,
                    BusinessNumber,
                    new() { Key = "hiredOn", Label = "입사일", Type = FieldType.Date, Required = true },
                    new() { Key = "leftOn", Label = "퇴사일", Type = FieldType.Date, Required = true },
                    new() { Key = "averageWage", Label = "퇴직 전 3개월 월평균 임금(원)", Type = FieldType.Number, Required = true, Min = 1, Max = 1_000_000_000 },
                    new() { Key = "unpaidSeverance", Label = "받지 못한 퇴직금(원)", Type = FieldType.Number, Required = true, Min = 1, Max = 10_000_000_000 },
                    new() { Key = "details", Label = "상세 내용", Type = FieldType.MultilineText, MaxLength = 1000 },
                    Consent,
                ],
            },
        },
        new PetitionType
        {
            Code = "LABOR-ATTORNEY-REISSUE",
            Name = "공인노무사 자격증 재발급",
            Description = "분실하거나 훼손된 공인노무사 자격증, 또는 기재 사항이 바뀐 자격증을 다시 발급합니다.",
            Department = "노사관계법제과",
            FeeKrw = 2000,
            ProcessingDays = 7,
            RequiresIdentityVerification = true,
            InPersonFeePayment = InPersonFeePayment.Counter,
            AllowedDeliveryMethods = DeliveryMethods.Postal | DeliveryMethods.InPerson,
            AcceptedPolicyOids = [.. GeneralPurposePersonal],
            SortOrder = 40,
            Form = new FormDefinition
            {
                Fields =
                [
                    new() { Key = "licenseNumber", Label = "자격증 번호", Required = true, MaxLength = 10, Pattern = @"\d{4}-\d{4}", PatternMessage = "자격증 번호는 2015-0123 형식으로 입력해 주세요." },
                    new() { Key = "passedYear", Label = "최종 합격 연도", Type = FieldType.Number, Required = true, Min = 1986, Max = 2026 },
                    new() { Key = "reason", Label = "재발급 사유", Type = FieldType.Select, Required = true, Options = ["분실", "훼손", "기재 사항 변경"] },
                    new() { Key = "reasonDetail", Label = "사유 상세", Type = FieldType.MultilineText, MaxLength = 500, HelpText = "기재 사항 변경이면 바뀐 내용을 적어 주세요." },
                    Consent,
                ],
            },
        },
        new PetitionType
        {
            Code = "TRAINING-COMPLETION-CERT",
            Name = "직업능력개발훈련 수료증명서 발급",
            Description = "국민내일배움카드 등으로 수강한 직업능력개발훈련의 수료 사실을 증명합니다.",
            Department = "직업능력정책과",
            FeeKrw = 1000,
            ProcessingDays = 3,
            RequiresIdentityVerification = true,
            InPersonFeePayment = InPersonFeePayment.OnlineOrCounter,
            AllowedDeliveryMethods = DeliveryMethods.All,
            AcceptedPolicyOids = [.. GeneralPurposePersonal],
            SortOrder = 50,
            Form = new FormDefinition
            {
                Fields =
                [
                    new() { Key = "courseName", Label = "훈련 과정명", Required = true, MaxLength = 150 },
                    new() { Key = "institution", Label = "훈련 기관명", Required = true, MaxLength = 100 },
                    new() { Key = "completedOn", Label = "수료일", Type = FieldType.Date, Required = true },
                    new() { Key = "copies", Label = "발급 부수", Type = FieldType.Number, Required = true, Min = 1, Max = 3 },
                ],
            },
        },
        new PetitionType
        {
            Code = "WORKING-CONDITIONS-CONSULT",
            Name = "근로조건 자율점검 상담 신청",
            Description = "사업주 또는 근로자가 근로계약, 근로시간, 휴가 등 근로조건을 스스로 점검할 수 있도록 상담을 신청합니다. 본인 확인이 필요하지 않습니다.",
            Department = "근로기준정책과",
            FeeKrw = 0,
            ProcessingDays = 5,
            RequiresIdentityVerification = false,
            AllowedDeliveryMethods = DeliveryMethods.Postal | DeliveryMethods.Online,
            SortOrder = 60,
            Form = new FormDefinition
            {
                Fields =
                [
                    new() { Key = "role", Label = "신청인 구분", Type = FieldType.Select, Required = true, Options = ["사업주", "근로자", "기타"] },
                    new() { Key = "topic", Label = "상담 분야", Type = FieldType.Select, Required = true, Options = ["근로계약", "근로시간·휴게", "휴일·휴가", "임금", "기타"] },
                    new() { Key = "employees", Label = "상시 근로자 수", Type = FieldType.Number, Min = 1, Max = 100000 },
                    new() { Key = "question", Label = "상담 내용", Type = FieldType.MultilineText, Required = true, MaxLength = 2000 },
                ],
            },
        },
    ];
}
