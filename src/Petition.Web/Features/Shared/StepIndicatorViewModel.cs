namespace Petition.Web.Features.Shared;

/// <summary>
/// Model for <c>_StepIndicator.cshtml</c>: the wizard's steps and which one is current.
/// </summary>
/// <param name="Current">The current step, 1-based (1 … <c>Labels.Count</c>).</param>
/// <param name="Labels">The step names in order, e.g. 민원 선택, 신청인 정보, … 신청 완료.</param>
public sealed record StepIndicatorViewModel(int Current, IReadOnlyList<string> Labels);
