namespace Petition.Web.Features.AdminTypes;

public static class AdminTypesRegistration
{
    /// <summary>The catalog editor's services (/admin/types).</summary>
    public static IServiceCollection AddPetitionTypeAdministration(this IServiceCollection services)
    {
        services.AddScoped<PetitionTypeCatalog>();
        services.AddScoped<TypeDefinitionValidator>();
        return services;
    }
}
