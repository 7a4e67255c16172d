using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Petition.Web.Features.Shared;

public static class ViewExtensions
{
    /// <summary>The first error recorded for <paramref name="key"/>, or null.</summary>
    public static string? ErrorFor(this ViewDataDictionary viewData, string key) =>
        viewData.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}

public static class ControllerErrorExtensions
{
    public const string ErrorOrderKey = "Petition.ErrorOrder";

    /// <summary>
    /// Adds a model error and remembers the order errors were found in (the form's order), so the
    /// error summary lists them as the fields appear on the page.
    /// </summary>
    public static void AddOrderedModelError(this Microsoft.AspNetCore.Mvc.Controller controller, string key, string message)
    {
        controller.ModelState.AddModelError(key, message);
        if (controller.ViewData[ErrorOrderKey] is not List<string> order)
        {
            order = [];
            controller.ViewData[ErrorOrderKey] = order;
        }

        order.Add(key);
    }
}
