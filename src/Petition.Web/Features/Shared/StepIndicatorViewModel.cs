namespace Petition.Web.Features.Shared;

/// <summary>
/// Model for <c>_StepIndicator.cshtml</c>: the wizard's steps and which one is current.
/// </summary>
/// <param name="Current">The current step, 1-based (1 … <c>Labels.Count</c>).</param>
/// <param name="Labels">The step names in order, e.g. 민원 선택, 신청인 기본사항, … 신청 완료.</param>
/// <param name="Skipped">Steps (1-based) this petition skips, shown as 해당 없음 rather than done.</param>
public sealed record StepIndicatorViewModel(int Current, IReadOnlyList<string> Labels, IReadOnlySet<int>? Skipped = null);
