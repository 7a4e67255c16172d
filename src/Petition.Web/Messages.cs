namespace Petition.Web;

/// <summary>
/// Marker type of the shared message resource (<c>Resources/Messages.en.resx</c>): the English of every Korean text
/// that reaches a page from C# code rather than from a view — validation messages, notices, status and step names,
/// dates — keyed by the Korean text itself. Translated where it is rendered, through <see cref="Infrastructure.PortalText"/>.
/// </summary>
public sealed class Messages;
