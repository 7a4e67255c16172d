using Petition.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddPetitionWeb();

var app = builder.Build();
app.UsePetitionWeb();
app.Run();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
