using System.Text;

namespace ActorStudio.Actors.Sessions;

/// <summary>
/// Cleans user text before it reaches state or the journal: trims, refuses empties and over-long input,
/// strips control and format characters (keeping newlines in chat), and normalizes to NFC.
/// </summary>
public static class TextInput
{
    public const int MaxDisplayNameChars = 64;
    public const int MaxChatChars = 2000;
    public const int MaxTitleChars = 120;

    /// <summary>Returns the cleaned text, or null with a reason when it cannot be accepted.</summary>
    public static string? Clean(string? raw, int maxChars, bool allowNewlines, out string? problem)
    {
        if (raw is null)
        {
            problem = "is required";
            return null;
        }

        // Bound the work before anything else: a 10 MB string is refused without being scanned.
        if (raw.Length > maxChars * 4)
        {
            problem = $"is longer than {maxChars} characters";
            return null;
        }

        var builder = new StringBuilder(raw.Length);
        foreach (var rune in raw.EnumerateRunes())
        {
            if (rune.Value == '\n' && allowNewlines)
            {
                builder.Append('\n');
                continue;
            }

            if (rune.Value is '\t' or '\r' or '\n')
            {
                builder.Append(' ');
                continue;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is System.Globalization.UnicodeCategory.Control
                or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.Surrogate
                or System.Globalization.UnicodeCategory.PrivateUse
                or System.Globalization.UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            builder.Append(rune.ToString());
        }

        var text = builder.ToString().Normalize(NormalizationForm.FormC).Trim();
        if (text.Length == 0)
        {
            problem = "is empty";
            return null;
        }

        if (text.Length > maxChars)
        {
            problem = $"is longer than {maxChars} characters";
            return null;
        }

        problem = null;
        return text;
    }
}
