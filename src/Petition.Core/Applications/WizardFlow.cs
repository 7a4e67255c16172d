using Petition.Core.Catalog;

namespace Petition.Core.Applications;

/// <summary>State of one step in the indicator.</summary>
public enum StepState
{
    Upcoming,
    Current,
    Done,
    Skipped,
}

/// <summary>
/// The wizard's transitions: which pages a draft may open, where the citizen goes next, and which
/// page carries the submit button. Pure rules over the draft; no I/O.
/// </summary>
public static class WizardFlow
{
    public static bool IsDone(Draft draft, WizardStep step) => step switch
    {
        WizardStep.SelectType => draft.PetitionTypeId != 0,
        WizardStep.Applicant => draft.HasApplicant,
        WizardStep.Form => draft.FormCompleted,
        WizardStep.Delivery => draft.ChosenDelivery is { } chosen
            && (chosen != DeliveryMethod.Postal || draft.ChosenMailingAddress is not null),
        WizardStep.Review => draft.ReviewedAtUtc is not null,
        WizardStep.Certificate => !draft.NeedsIdentityVerification || draft.CertificateChoice != CertificateChoice.Unanswered,
        WizardStep.Signature => IsSkipped(draft, WizardStep.Signature) || draft.IsSigned,
        WizardStep.Payment => draft.IsSubmitted || IsSkipped(draft, WizardStep.Payment),
        WizardStep.Complete => draft.IsSubmitted,
    };

    public static bool IsSkipped(Draft draft, WizardStep step) => step switch
    {
        WizardStep.Certificate => !draft.NeedsIdentityVerification,
        WizardStep.Signature => !draft.NeedsIdentityVerification || draft.CertificateChoice == CertificateChoice.NoCertificate,
        WizardStep.Payment => draft.FeeKrw == 0,
        WizardStep.SelectType or WizardStep.Applicant or WizardStep.Form or WizardStep.Delivery
            or WizardStep.Review or WizardStep.Complete => false,
    };

    /// <summary>The first page not yet done: where a citizen who resumes the draft lands.</summary>
    public static WizardStep FirstOpen(Draft draft)
    {
        if (draft.IsSubmitted)
        {
            return WizardStep.Complete;
        }

        foreach (var step in Enum.GetValues<WizardStep>())
        {
            if (!IsDone(draft, step))
            {
                return step;
            }
        }

        return WizardStep.Complete;
    }

    /// <summary>
    /// A page may be opened once every page before it is done. Steps 1-4 and the review stay open
    /// until submission; after it only the receipt.
    /// </summary>
    public static bool CanOpen(Draft draft, WizardStep step)
    {
        if (draft.IsSubmitted)
        {
            return step == WizardStep.Complete;
        }

        if (step == WizardStep.Complete || IsSkipped(draft, step))
        {
            return false;
        }

        return Enum.GetValues<WizardStep>().TakeWhile(s => s < step).All(s => IsDone(draft, s));
    }

    /// <summary>The page after <paramref name="step"/> that is not skipped.</summary>
    public static WizardStep Next(Draft draft, WizardStep step)
    {
        var next = step;
        do
        {
            next++;
        }
        while (next < WizardStep.Complete && IsSkipped(draft, next));

        return next;
    }

    /// <summary>The page whose confirmation submits the petition: the last one before the receipt.</summary>
    public static WizardStep SubmitStep(Draft draft)
    {
        var step = WizardStep.Complete - 1;
        while (IsSkipped(draft, step))
        {
            step--;
        }

        return step;
    }

    /// <summary>States of the eight numbered steps for the indicator, given the page shown.</summary>
    public static IReadOnlyList<StepState> Indicator(Draft? draft, WizardStep current)
    {
        var numbered = new[]
        {
            WizardStep.SelectType, WizardStep.Applicant, WizardStep.Form, WizardStep.Delivery,
            WizardStep.Certificate, WizardStep.Signature, WizardStep.Payment, WizardStep.Complete,
        };
        return numbered.Select(step =>
            step.Number() == current.Number() ? StepState.Current
            : draft is not null && IsSkipped(draft, step) ? StepState.Skipped
            : step.Number() < current.Number() ? StepState.Done
            : StepState.Upcoming).ToList();
    }
}
