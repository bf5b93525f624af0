using System.Text.RegularExpressions;
using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Expressions;
using Telephony.Dialplan.Parsing;

namespace Telephony.Dialplan.Validation;

/// <summary>
/// Checks parsed expressions against the whole file: variables exist (built in, assigned by
/// some step, or a parameter of the flow), functions exist with the right number of arguments,
/// regex literals compile, and open('...') names a time window.
/// </summary>
internal static class ExpressionChecker
{
    public static void Check(ParseContext context, IReadOnlyCollection<string> hours)
    {
        foreach (var site in context.Expressions)
        {
            Walk(site.Expr);

            void Walk(Expr expr)
            {
                switch (expr)
                {
                    case VariableExpr v when !Known(v.Name, site.Parameters):
                        var candidates = BuiltinVariables.All.Keys.Concat(BuiltinVariables.Settable.Keys).Concat(context.AssignedVariables).Concat(site.Parameters).ToList();
                        var hint = Hints.Closest(v.Name, candidates) is { } close ? $" (did you mean '{close}'?)" : "; text needs quotes: 'like this'";
                        Report(v, $"unknown variable '{v.Name}'{hint}");
                        break;
                    case UnaryExpr u:
                        Walk(u.Operand);
                        break;
                    case BinaryExpr b:
                        Walk(b.Left);
                        Walk(b.Right);
                        break;
                    case CallExpr { Function: "raw" } call when !site.InUrl:
                        Report(call, "raw() only means something in an http step's URL (it inserts a value there without percent-encoding); elsewhere write the value itself");
                        break;
                    case CallExpr { Function: "raw" } call when !ReferenceEquals(call, site.Expr):
                        Report(call, "raw() must be the whole insertion: ${raw(value)}, with any joining done in the text around it or in a set step");
                        break;
                    case CallExpr call:
                        CheckCall(call, Report, hours);
                        foreach (var argument in call.Arguments)
                        {
                            Walk(argument);
                        }

                        break;
                }
            }

            void Report(Expr at, string message) => context.ExpressionError(site.Node, site.Offset + at.Start, message);
        }

        bool Known(string name, IReadOnlySet<string> parameters) =>
            BuiltinVariables.All.ContainsKey(name) || BuiltinVariables.Settable.ContainsKey(name) || context.AssignedVariables.Contains(name) || parameters.Contains(name);
    }

    private static void CheckCall(CallExpr call, Action<Expr, string> report, IReadOnlyCollection<string> hours)
    {
        if (!Functions.All.TryGetValue(call.Function, out var function))
        {
            report(call, $"unknown function '{call.Function}'{Hints.Suggest(call.Function, [.. Functions.All.Keys])}");
            return;
        }

        if (call.Arguments.Count < function.MinArguments || call.Arguments.Count > function.MaxArguments)
        {
            var expected = function.MinArguments == function.MaxArguments ? $"{function.MinArguments}" : $"{function.MinArguments} or {function.MaxArguments}";
            report(call, $"{call.Function}() takes {expected} argument{(function.MaxArguments == 1 ? string.Empty : "s")}, not {call.Arguments.Count}: {function.Usage}");
            return;
        }

        switch (call.Function)
        {
            case "matches" when call.Arguments[1] is LiteralExpr { Value: string pattern } literal:
                if (!RegexErrors.TryCompile(pattern, out _, out var errorAt, out var error))
                {
                    // +1 skips the opening quote of the literal.
                    report(literal with { Start = literal.Start + 1 + errorAt }, error);
                }

                break;
            case "open" when call.Arguments[0] is LiteralExpr { Value: string window } literal && !hours.Contains(window):
                report(literal, $"no time window named '{window}' in 'hours:'{Hints.Suggest(window, hours)}");
                break;
            case "open" when call.Arguments[0] is not LiteralExpr { Value: string }:
                report(call.Arguments[0], "open() takes the name of a time window in quotes, e.g. open('business')");
                break;
        }
    }
}
