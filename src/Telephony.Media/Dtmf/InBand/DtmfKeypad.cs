namespace Telephony.Media.Dtmf.InBand;

/// <summary>The DTMF keypad of ITU-T Q.23: each key is one low-group (row) plus one high-group (column) frequency.</summary>
public static class DtmfKeypad
{
    /// <summary>Low-group (row) frequencies in Hz.</summary>
    public static ReadOnlySpan<double> LowGroup => [697, 770, 852, 941];

    /// <summary>High-group (column) frequencies in Hz.</summary>
    public static ReadOnlySpan<double> HighGroup => [1209, 1336, 1477, 1633];

    // Row-major: row i, column j is Keys[(4 * i) + j].
    private const string Keys = "123A456B789C*0#D";

    /// <summary>The key at a row and column (each 0–3).</summary>
    public static char KeyAt(int row, int column) => Keys[(4 * row) + column];

    /// <summary>The two frequencies of a key (0–9, *, #, A–D); false for anything else.</summary>
    public static bool TryGetFrequencies(char key, out double low, out double high)
    {
        var index = Keys.IndexOf(key, StringComparison.Ordinal);
        if (index < 0)
        {
            low = high = 0;
            return false;
        }

        low = LowGroup[index / 4];
        high = HighGroup[index % 4];
        return true;
    }
}
