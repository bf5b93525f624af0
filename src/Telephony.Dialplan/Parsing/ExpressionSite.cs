using Telephony.Dialplan.Expressions;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan.Parsing;

/// <summary>
/// An expression met while reading, kept to be checked once the whole file is read (a variable
/// may be set further down than it is used).
/// </summary>
/// <param name="Expr">The parsed expression.</param>
/// <param name="Node">The YAML scalar it was written in.</param>
/// <param name="Offset">Where the expression's text starts in the scalar's value.</param>
/// <param name="Parameters">The enclosing flow's parameter names, readable as variables.</param>
/// <param name="InUrl">A whole insertion of an http step's URL (the one place raw() means something).</param>
internal sealed record ExpressionSite(Expr Expr, YamlScalarNode Node, int Offset, IReadOnlySet<string> Parameters, bool InUrl = false);
