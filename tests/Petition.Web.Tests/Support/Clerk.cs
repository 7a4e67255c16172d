using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Applications;
using Petition.Core.Workbench;
using Petition.Infrastructure.Persistence;

namespace Petition.Web.Tests.Support;

/// <summary>
/// A clerk acting on petitions through the portal's own <see cref="IPetitionWorkflow"/> (the same service the
/// workbench pages call), so tests can put petitions into 처리중, 보완요청, 처리완료 or 반려.
/// </summary>
public sealed class Clerk(PortalFactory portal)
{
    public static readonly StaffActor Admin = new("test-clerk", "테스트 담당자", null, IsAdmin: true);

    /// <summary>The petition as the database holds it now, with its history and supplement answers.</summary>
    public async Task<PetitionRecord> PetitionAsync(string receipt)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        return await db.Petitions.AsNoTracking()
            .Include(p => p.History)
            .Include(p => p.SupplementResponses)
            .SingleAsync(p => p.ReceiptNumber == receipt);
    }

    public Task<TransitionResult> StartAsync(string receipt) =>
        RunAsync(receipt, (workflow, petition) => workflow.StartProcessingAsync(petition.Id, petition.ConcurrencyStamp, Admin));

    /// <summary>접수 → 처리중 → 보완요청 with <paramref name="request"/>.</summary>
    public async Task RequestSupplementAsync(string receipt, string request)
    {
        await EnsureInProgressAsync(receipt);
        var result = await RunAsync(receipt, (workflow, petition) => workflow.RequestSupplementAsync(petition.Id, petition.ConcurrencyStamp, Admin, request));
        Assert.Equal(TransitionOutcome.Done, result.Outcome);
    }

    /// <summary>접수 → 처리중 → 처리완료 with <paramref name="details"/>.</summary>
    public async Task CompleteAsync(string receipt, CompletionDetails details)
    {
        await EnsureInProgressAsync(receipt);
        var result = await RunAsync(receipt, (workflow, petition) => workflow.CompleteAsync(petition.Id, petition.ConcurrencyStamp, Admin, details));
        Assert.True(result.Outcome == TransitionOutcome.Done, result.Message);
    }

    public async Task RejectAsync(string receipt, string reason)
    {
        var result = await RunAsync(receipt, (workflow, petition) => workflow.RejectAsync(petition.Id, petition.ConcurrencyStamp, Admin, reason));
        Assert.True(result.Outcome == TransitionOutcome.Done, result.Message);
    }

    private async Task EnsureInProgressAsync(string receipt)
    {
        if ((await PetitionAsync(receipt)).Status == PetitionStatus.Received)
        {
            Assert.Equal(TransitionOutcome.Done, (await StartAsync(receipt)).Outcome);
        }
    }

    private async Task<TransitionResult> RunAsync(string receipt, Func<IPetitionWorkflow, PetitionRecord, Task<TransitionResult>> action)
    {
        var petition = await PetitionAsync(receipt);
        await using var scope = portal.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IPetitionWorkflow>(), petition);
    }
}

/// <summary>The citizen's side of tracking: the lookup form, posted as a browser would.</summary>
public static class Tracking
{
    public static async Task<FormPage> LookUpAsync(HttpClient client, string receipt, string name = Citizen.Name, string birthDate = "1990-01-01")
    {
        var page = await FormPage.GetAsync(client, "/track");
        return await page.PostAsync(client, ("ReceiptNumber", receipt), ("Name", name), ("BirthDate", birthDate));
    }
}
