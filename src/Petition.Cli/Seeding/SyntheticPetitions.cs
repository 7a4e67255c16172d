using System.Globalization;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Identity;
using Petition.Core.Payments;

namespace Petition.Cli.Seeding;

/// <summary>
/// A small, fast, deterministic generator (SplitMix64). Each petition gets its own stream derived from the run's
/// seed and its index, so rows can be made in parallel and still come out the same for the same seed.
/// </summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    public static SplitMix64 For(ulong seed, long index) => new(seed ^ ((ulong)index * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL);

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Below(int maxExclusive) => (int)(Next() % (ulong)maxExclusive);

    /// <summary>Uniform in [min, maxInclusive].</summary>
    public int Between(int min, int maxInclusive) => min + Below(maxInclusive - min + 1);

    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];
}

/// <summary>
/// Makes realistic, entirely fictitious petitions for the six catalog types: Korean names, valid-checksum RRNs
/// (the pre-2020 check digit), addresses, answers that pass each type's form, and statuses that fit the age of
/// the petition. The caller protects the RRN and assigns ids and receipt numbers.
/// </summary>
internal sealed class SyntheticPetitions
{
    // Surnames weighted roughly by their share of the population (김 ~21%, 이 ~15%, 박 ~8% ...).
    private static readonly (string Surname, int Weight)[] Surnames =
    [
        ("김", 215), ("이", 147), ("박", 84), ("최", 47), ("정", 43), ("강", 23), ("조", 21), ("윤", 20), ("장", 19),
        ("임", 16), ("한", 15), ("오", 15), ("서", 14), ("신", 14), ("권", 14), ("황", 14), ("안", 13), ("송", 13),
        ("류", 12), ("전", 11), ("홍", 11), ("고", 9), ("문", 9), ("양", 9), ("손", 9), ("배", 8), ("백", 7), ("허", 6),
        ("유", 6), ("남", 5), ("심", 5), ("노", 5), ("하", 4), ("곽", 4), ("성", 4), ("차", 4), ("주", 4), ("우", 4),
        ("구", 4), ("민", 3), ("진", 3), ("나", 3), ("지", 3), ("엄", 3), ("채", 3), ("원", 3), ("천", 2), ("방", 2),
        ("공", 2), ("현", 2), ("함", 2), ("변", 2), ("염", 2), ("여", 2), ("추", 2), ("도", 2), ("소", 2), ("석", 1),
        ("선", 1), ("설", 1), ("마", 1), ("길", 1), ("연", 1), ("위", 1), ("표", 1), ("명", 1), ("기", 1), ("반", 1),
        ("왕", 1), ("금", 1), ("옥", 1), ("육", 1), ("인", 1), ("맹", 1), ("제", 1), ("모", 1), ("탁", 1), ("국", 1),
        ("남궁", 1), ("황보", 1), ("제갈", 1), ("선우", 1),
    ];

    private static readonly string[] FirstSyllables =
    [
        "민", "서", "지", "현", "수", "예", "하", "도", "준", "유", "은", "시", "주", "승", "재", "태", "정", "성", "영", "상",
        "동", "진", "혜", "미", "경", "소", "다", "채", "윤", "세", "건", "우", "연", "나", "보", "가", "이", "종", "광", "명",
    ];

    private static readonly string[] SecondSyllables =
    [
        "준", "윤", "우", "호", "진", "현", "민", "서", "아", "은", "연", "원", "희", "영", "수", "빈", "혁", "훈", "석", "철",
        "숙", "자", "림", "율", "린", "하", "경", "재", "규", "환", "성", "인", "정", "주", "솔", "별", "결", "온", "후", "람",
    ];

    private static readonly (string City, string District, string PostalPrefix)[] Districts =
    [
        ("서울특별시", "종로구", "03"), ("서울특별시", "강남구", "06"), ("서울특별시", "마포구", "04"), ("서울특별시", "노원구", "01"),
        ("서울특별시", "송파구", "05"), ("부산광역시", "해운대구", "48"), ("부산광역시", "부산진구", "47"), ("대구광역시", "수성구", "42"),
        ("인천광역시", "남동구", "21"), ("광주광역시", "북구", "61"), ("대전광역시", "유성구", "34"), ("울산광역시", "남구", "44"),
        ("세종특별자치시", "한누리대로", "30"), ("경기도", "수원시 영통구", "16"), ("경기도", "성남시 분당구", "13"), ("경기도", "고양시 일산동구", "10"),
        ("강원특별자치도", "춘천시", "24"), ("충청북도", "청주시 상당구", "28"), ("충청남도", "천안시 동남구", "31"), ("전북특별자치도", "전주시 완산구", "55"),
        ("전라남도", "여수시", "59"), ("경상북도", "포항시 남구", "37"), ("경상남도", "창원시 성산구", "51"), ("제주특별자치도", "제주시", "63"),
    ];

    private static readonly string[] Roads =
    [
        "중앙로", "세종대로", "테헤란로", "한누리대로", "시청로", "문화로", "번영로", "평화로", "대학로", "역전로", "새마을로", "공원로",
        "강변로", "동서대로", "월드컵로", "가야대로", "달구벌대로", "경원대로", "충장로", "둔산로",
    ];

    private static readonly string[] Businesses =
    [
        "한빛상사", "대한물산", "미래기술", "새봄식품", "푸른건설", "동해운수", "하나정밀", "세움디자인", "온누리유통", "바른회계",
        "청솔산업", "다온전자", "우리마트", "해오름교육", "빛고을제약",
    ];

    private static readonly string[] Courses =
    [
        "빅데이터 분석 실무", "전기기능사 취득 과정", "바리스타 양성", "웹 개발자 부트캠프", "회계 실무(전산회계 2급)", "요양보호사 양성",
        "용접 기능사", "스마트팩토리 운영", "3D 모델링 기초", "물류관리사 대비",
    ];

    private static readonly string[] SupplementRequests =
    [
        "근로계약서 사본을 추가로 제출해 주세요.", "근무 기간을 확인할 수 있는 급여명세서를 제출해 주세요.", "신분증 사본이 흐릿합니다. 다시 제출해 주세요.",
        "사업장 주소를 정확히 적어 주세요.", "체불 금액 산정 근거를 보완해 주세요.",
    ];

    private static readonly string[] RejectionReasons =
    [
        "신청인 본인 확인이 되지 않아 반려합니다.", "동일한 내용의 민원이 이미 처리되었습니다.", "보완 요청 기한이 지나 반려합니다.",
        "관할 기관이 아니므로 반려합니다. 관할 지방고용노동관서에 신청해 주세요.",
    ];

    private static readonly int[] HourWeights = [1, 1, 1, 1, 1, 1, 2, 4, 8, 14, 16, 15, 9, 12, 15, 14, 12, 9, 6, 5, 4, 3, 2, 1];

    private static readonly int SurnameTotal = Surnames.Sum(s => s.Weight);
    private static readonly int HourTotal = HourWeights.Sum();

    private readonly IReadOnlyList<PetitionType> _types;
    private readonly int[] _typeWeights;
    private readonly DateOnly _today;
    private readonly ulong _seed;

    public SyntheticPetitions(IReadOnlyList<PetitionType> types, DateTime nowUtc, ulong seed)
    {
        _types = types;
        _today = KoreanTime.Day(nowUtc);
        _seed = seed;

        // Free certificate requests dominate; reissues and consultations are rarer.
        _typeWeights = [.. types.Select(t => t.Code switch
        {
            "EI-ELIGIBILITY-HISTORY" => 30,
            "WAGE-ARREARS-CONFIRM" => 24,
            "SEVERANCE-PAY-CONFIRM" => 14,
            "TRAINING-COMPLETION-CERT" => 16,
            "WORKING-CONDITIONS-CONSULT" => 10,
            "LABOR-ATTORNEY-REISSUE" => 6,
            _ => 5,
        })];
    }

    /// <summary>
    /// <paramref name="count"/> receipt instants over the <paramref name="days"/> days before <paramref name="nowUtc"/>,
    /// ascending, busier on working days and in office hours (KST).
    /// </summary>
    public static long[] ReceiptTimes(int count, DateTime nowUtc, int days, ulong seed)
    {
        var random = new SplitMix64(seed ^ 0x5EED5EED5EED5EEDUL);
        var todayKst = KoreanTime.Day(nowUtc);
        var nowTicks = nowUtc.Ticks;
        var times = new long[count];
        for (var i = 0; i < count; i++)
        {
            long ticks;
            do
            {
                var day = todayKst.AddDays(-random.Below(days));
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && random.Below(100) < 80)
                {
                    continue;
                }

                var hour = WeightedHour(ref random);
                var kst = day.ToDateTime(new TimeOnly(hour, 0)).AddSeconds(random.Below(3600)).AddTicks(random.Below(10_000_000));
                ticks = kst.Ticks - TimeSpan.TicksPerHour * 9;
                if (ticks < nowTicks)
                {
                    times[i] = ticks;
                    break;
                }
            }
            while (true);
        }

        Array.Sort(times);
        return times;
    }

    /// <summary>One petition received at <paramref name="receivedAtUtc"/> with the plain RRN (to be protected).</summary>
    public (PetitionRecord Record, Rrn Rrn) Create(long index, DateTime receivedAtUtc)
    {
        var random = SplitMix64.For(_seed, index);
        var type = _types[WeightedIndex(ref random, _typeWeights)];
        var receivedDay = KoreanTime.Day(receivedAtUtc);
        var due = WorkingDays.Add(receivedDay, type.ProcessingDays);

        var name = Name(ref random);
        var rrn = NewRrn(ref random, receivedDay);
        var (postal, address, detail) = Address(ref random);

        var identity = !type.RequiresIdentityVerification ? IdentityVerification.NotRequired
            : random.Below(100) < 68 ? IdentityVerification.VerifiedBySignature
            : IdentityVerification.CheckAtCounter;
        var allowed = type.AllowedDeliveryMethods.Each().ToArray();
        var chosen = allowed[random.Below(allowed.Length)];
        var delivery = identity == IdentityVerification.CheckAtCounter ? DeliveryMethod.InPerson : chosen;
        if (identity == IdentityVerification.CheckAtCounter && !type.AllowedDeliveryMethods.Allows(DeliveryMethod.InPerson))
        {
            identity = IdentityVerification.VerifiedBySignature;
            delivery = chosen;
        }

        var status = StatusFor(ref random, due);
        var record = new PetitionRecord
        {
            ReceiptNumber = string.Empty,
            DraftId = NewGuid(ref random),
            PetitionTypeId = type.Id,
            PetitionTypeVersion = type.Version,
            PetitionTypeName = type.Name,
            Department = type.Department,
            Form = type.Form,
            Answers = Answers(ref random, type, receivedDay),
            ApplicantName = name,
            RrnProtected = string.Empty,
            RrnMasked = rrn.Masked,
            BirthDate = rrn.BirthDate,
            PostalCode = postal,
            Address = address,
            AddressDetail = detail,
            Phone = string.Create(CultureInfo.InvariantCulture, $"010-{random.Between(2000, 9999)}-{random.Between(0, 9999):D4}"),
            Email = random.Below(100) < 55 ? string.Create(CultureInfo.InvariantCulture, $"user{index:x}@example.kr") : null,
            Delivery = delivery,
            ChosenDelivery = chosen,
            Identity = identity,
            FeeKrw = type.FeeKrw,
            Status = status,
            ReceivedAtUtc = receivedAtUtc,
            DueDate = due,
            ConcurrencyStamp = NewGuid(ref random),
        };

        if (delivery == DeliveryMethod.Postal)
        {
            if (random.Below(100) < 80)
            {
                (record.MailPostalCode, record.MailAddress, record.MailAddressDetail) = (postal, address, detail);
            }
            else
            {
                (record.MailPostalCode, record.MailAddress, record.MailAddressDetail) = Address(ref random);
            }
        }

        Fee(ref random, record, type, receivedAtUtc, index);
        Outcome(ref random, record, receivedAtUtc);
        record.History.Add(PetitionHistoryEntry.Received(receivedAtUtc, identity));
        return (record, rrn);
    }

    /// <summary>The pre-October-2020 check digit: weights 2..9,2..5 over the first 12 digits.</summary>
    public static int CheckDigit(ReadOnlySpan<char> first12)
    {
        ReadOnlySpan<int> weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (first12[i] - '0') * weights[i];
        }

        return (11 - (sum % 11)) % 10;
    }

    private PetitionStatus StatusFor(ref SplitMix64 random, DateOnly due)
    {
        var roll = random.Below(1000);
        if (due >= _today)
        {
            return roll switch
            {
                < 420 => PetitionStatus.Received,
                < 720 => PetitionStatus.InProgress,
                < 800 => PetitionStatus.SupplementRequested,
                < 960 => PetitionStatus.Completed,
                _ => PetitionStatus.Rejected,
            };
        }

        // Past the deadline: nearly all closed; a backlog of overdue ones, thinner the older they are.
        var open = _today.DayNumber - due.DayNumber <= 120 ? 40 : 4;
        return roll switch
        {
            _ when roll < open / 2 => PetitionStatus.Received,
            _ when roll < open * 3 / 4 => PetitionStatus.InProgress,
            _ when roll < open => PetitionStatus.SupplementRequested,
            < 930 => PetitionStatus.Completed,
            _ => PetitionStatus.Rejected,
        };
    }

    private static void Fee(ref SplitMix64 random, PetitionRecord record, PetitionType type, DateTime receivedAtUtc, long index)
    {
        if (type.FeeKrw == 0)
        {
            record.FeeStatus = FeeStatus.NotRequired;
            return;
        }

        var atCounter = record.Delivery == DeliveryMethod.InPerson && type.InPersonFeePayment switch
        {
            InPersonFeePayment.Counter => true,
            InPersonFeePayment.OnlineOrCounter => random.Below(2) == 0,
            InPersonFeePayment.Online => false,
            _ => false,
        };
        if (atCounter)
        {
            record.FeeStatus = FeeStatus.PayAtCounter;
            return;
        }

        record.FeeStatus = FeeStatus.Paid;
        record.PaymentOrderId = string.Create(CultureInfo.InvariantCulture, $"seed-{index:D9}-{random.Next() & 0xFFFFFF:x6}");
        record.PaymentMethod = random.Below(10) < 8 ? "카드" : "계좌이체";
        record.PaymentApprovalNumber = random.Between(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        record.PaidAtUtc = receivedAtUtc.AddSeconds(-random.Between(20, 600));
    }

    private void Outcome(ref SplitMix64 random, PetitionRecord record, DateTime receivedAtUtc)
    {
        var todayEnd = new DateTime(_today.AddDays(1).ToDateTime(TimeOnly.MinValue).Ticks - (TimeSpan.TicksPerHour * 9), DateTimeKind.Utc);
        DateTime Later(ref SplitMix64 r, int maxDays)
        {
            var at = receivedAtUtc.AddMinutes(r.Between(30, Math.Max(31, maxDays * 24 * 60)));
            return at < todayEnd ? at : receivedAtUtc.AddMinutes(1);
        }

        switch (record.Status)
        {
            case PetitionStatus.SupplementRequested:
                record.SupplementRequest = random.Pick(SupplementRequests);
                record.SupplementRequestedAtUtc = Later(ref random, 3);
                break;
            case PetitionStatus.Completed:
                record.CompletedAtUtc = Later(ref random, Math.Max(1, record.DueDate.DayNumber - KoreanTime.Day(receivedAtUtc).DayNumber));
                if (record.Delivery == DeliveryMethod.Postal)
                {
                    record.MailedOn = KoreanTime.Day(record.CompletedAtUtc.Value);
                    record.PostalTrackingNumber = string.Create(CultureInfo.InvariantCulture, $"{random.Between(1000000, 9999999)}{random.Between(100000, 999999)}");
                }
                else if (record.Delivery == DeliveryMethod.InPerson)
                {
                    record.CounterIdentityCheckedAtUtc = record.CompletedAtUtc;
                    record.CounterIdentityCheckedBy = "민원실 담당자";
                }

                break;
            case PetitionStatus.Rejected:
                record.RejectionReason = random.Pick(RejectionReasons);
                record.CompletedAtUtc = Later(ref random, 10);
                if (record.FeeStatus == FeeStatus.Paid)
                {
                    record.FeeStatus = FeeStatus.Refunded;
                }

                break;
            case PetitionStatus.Received:
            case PetitionStatus.InProgress:
            default:
                break;
        }
    }

    private static string Name(ref SplitMix64 random)
    {
        var roll = random.Below(SurnameTotal);
        var surname = Surnames[^1].Surname;
        foreach (var (candidate, weight) in Surnames)
        {
            if (roll < weight)
            {
                surname = candidate;
                break;
            }

            roll -= weight;
        }

        // Mostly two-syllable given names; a few one-syllable ones.
        return random.Below(100) < 4
            ? surname + random.Pick(SecondSyllables)
            : surname + random.Pick(FirstSyllables) + random.Pick(SecondSyllables);
    }

    private static Rrn NewRrn(ref SplitMix64 random, DateOnly receivedDay)
    {
        // Adults aged 18 to 85 on the day of receipt.
        var birth = receivedDay.AddYears(-random.Between(18, 85)).AddDays(-random.Below(365));
        var male = random.Below(2) == 0;
        var sexDigit = birth.Year >= 2000 ? (male ? 3 : 4) : (male ? 1 : 2);
        Span<char> digits = stackalloc char[13];
        var front = string.Create(CultureInfo.InvariantCulture, $"{birth.Year % 100:D2}{birth.Month:D2}{birth.Day:D2}{sexDigit}");
        front.CopyTo(digits);
        for (var i = 7; i < 12; i++)
        {
            digits[i] = (char)('0' + random.Below(10));
        }

        digits[12] = (char)('0' + CheckDigit(digits[..12]));
        return Rrn.Parse(new string(digits));
    }

    private static (string Postal, string Address, string? Detail) Address(ref SplitMix64 random)
    {
        var (city, district, prefix) = random.Pick(Districts);
        var postal = string.Create(CultureInfo.InvariantCulture, $"{prefix}{random.Below(1000):D3}");
        var address = string.Create(CultureInfo.InvariantCulture, $"{city} {district} {random.Pick(Roads)} {random.Between(1, 480)}");
        var detail = random.Below(100) < 70
            ? string.Create(CultureInfo.InvariantCulture, $"{random.Between(101, 120)}동 {random.Between(1, 25)}{random.Between(1, 8):D2}호")
            : null;
        return (postal, address, detail);
    }

    private static Guid NewGuid(ref SplitMix64 random)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, random.Next());
        BitConverter.TryWriteBytes(bytes[8..], random.Next());
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>Answers that the type's own form validator accepts.</summary>
    private static Dictionary<string, string> Answers(ref SplitMix64 random, PetitionType type, DateOnly receivedDay)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in type.Form.Fields)
        {
            if (!field.Required && random.Below(100) < 30)
            {
                continue;
            }

            string? value = field.Key switch
            {
                "businessName" or "institution" => random.Pick(Businesses),
                "businessNumber" => string.Create(CultureInfo.InvariantCulture, $"{random.Between(100, 999)}-{random.Between(10, 99)}-{random.Between(10000, 99999)}"),
                "licenseNumber" => string.Create(CultureInfo.InvariantCulture, $"{random.Between(1990, 2025)}-{random.Between(1, 9999):D4}"),
                "courseName" => random.Pick(Courses),
                _ => null,
            };
            value ??= field.Type switch
            {
                FieldType.Checkbox => "true",
                FieldType.Select => random.Pick(field.Options),
                FieldType.Number => Number(ref random, field),
                FieldType.Date => receivedDay.AddDays(-random.Between(15, 1500)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                FieldType.MultilineText => "합성 데이터(seed)로 만든 민원 내용입니다. 실제 인물·사업장과 관계가 없습니다.",
                FieldType.Text or _ => "합성 데이터",
            };
            answers[field.Key] = field.MaxLength is { } max && value.Length > max ? value[..max] : value;
        }

        return answers;
    }

    private static string Number(ref SplitMix64 random, FieldDefinition field)
    {
        var min = (long)(field.Min ?? 1);
        var max = (long)Math.Min(field.Max ?? 10_000_000, 50_000_000);
        var value = max <= min ? min : min + (long)(random.NextDouble() * (max - min));
        return value.ToString(CultureInfo.InvariantCulture);
    }

    private static int WeightedHour(ref SplitMix64 random)
    {
        var roll = random.Below(HourTotal);
        for (var hour = 0; hour < HourWeights.Length; hour++)
        {
            if (roll < HourWeights[hour])
            {
                return hour;
            }

            roll -= HourWeights[hour];
        }

        return 12;
    }

    private static int WeightedIndex(ref SplitMix64 random, int[] weights)
    {
        var roll = random.Below(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if (roll < weights[i])
            {
                return i;
            }

            roll -= weights[i];
        }

        return weights.Length - 1;
    }
}
