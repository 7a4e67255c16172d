namespace Petition.Web.Tests.Support;

/// <summary>The clock is an outside boundary: tests move "now" by hand. Timers stay real.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
