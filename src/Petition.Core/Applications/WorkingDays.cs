namespace Petition.Core.Applications;

/// <summary>
/// Processing periods count working days: Saturdays and Sundays are not counted. Public holidays
/// are not modelled yet (see docs/architecture.md), so a deadline may fall on one.
/// </summary>
public static class WorkingDays
{
    public static DateOnly Add(DateOnly start, int days)
    {
        var date = start;
        var left = days;
        while (left > 0)
        {
            date = date.AddDays(1);
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                left--;
            }
        }

        return date;
    }
}
