namespace Telephony.Sip.Messages;

/// <summary>Splits a header line holding several comma-separated values (Via, Contact, Route, ...).</summary>
public static class HeaderValueSplitter
{
    /// <summary>Appends each trimmed element of <paramref name="line"/> to <paramref name="into"/>.</summary>
    /// <remarks>Commas inside quoted strings (with backslash escapes) and inside &lt;...&gt; do not split.</remarks>
    public static void Split(string line, List<string> into)
    {
        var inQuotes = false;
        var inAngle = false;
        var start = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == '<')
            {
                inAngle = true;
            }
            else if (c == '>')
            {
                inAngle = false;
            }
            else if (c == ',' && !inAngle)
            {
                AddTrimmed(line, start, i, into);
                start = i + 1;
            }
        }

        AddTrimmed(line, start, line.Length, into);
    }

    private static void AddTrimmed(string line, int start, int end, List<string> into)
    {
        var part = line.AsSpan(start, end - start).Trim();
        if (!part.IsEmpty)
        {
            into.Add(part.Length == line.Length ? line : part.ToString());
        }
    }
}
