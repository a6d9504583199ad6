namespace ActorStudio.Actors.Ports;

/// <summary>The model's aspect-ratio sizes (Gemini 2.5 Flash Image, 1K): the only size choice users get.</summary>
public sealed record AspectRatio(string Name, int Width, int Height)
{
    public static readonly AspectRatio Square = new("1:1", 1024, 1024);

    public static IReadOnlyList<AspectRatio> All { get; } =
    [
        Square,
        new("2:3", 832, 1248),
        new("3:2", 1248, 832),
        new("3:4", 864, 1184),
        new("4:3", 1184, 864),
        new("4:5", 896, 1152),
        new("5:4", 1152, 896),
        new("9:16", 768, 1344),
        new("16:9", 1344, 768),
        new("21:9", 1536, 672),
    ];

    public static bool TryParse(string? name, out AspectRatio aspect)
    {
        foreach (var a in All)
        {
            if (a.Name == name)
            {
                aspect = a;
                return true;
            }
        }

        aspect = Square;
        return false;
    }
}
