namespace Lgc;

/// <summary>Class and attribute names in the order the heads predict them (CelebAMask-HQ, CelebA).</summary>
public static class FaceLabels
{
    /// <summary>The 19 parsing classes; <see cref="FaceAnalysis.Mask"/> holds indices into this list.</summary>
    public static readonly string[] ParseClasses =
    [
        "background", "skin", "nose", "eye_g", "l_eye", "r_eye", "l_brow", "r_brow", "l_ear", "r_ear",
        "mouth", "u_lip", "l_lip", "hair", "hat", "ear_r", "neck_l", "neck", "cloth",
    ];

    /// <summary>The 40 CelebA attributes, in the order of <see cref="FaceAnalysis.AttributeProbabilities"/>.</summary>
    public static readonly string[] Attributes =
    [
        "5_o_Clock_Shadow", "Arched_Eyebrows", "Attractive", "Bags_Under_Eyes", "Bald", "Bangs", "Big_Lips", "Big_Nose",
        "Black_Hair", "Blond_Hair", "Blurry", "Brown_Hair", "Bushy_Eyebrows", "Chubby", "Double_Chin", "Eyeglasses",
        "Goatee", "Gray_Hair", "Heavy_Makeup", "High_Cheekbones", "Male", "Mouth_Slightly_Open", "Mustache", "Narrow_Eyes",
        "No_Beard", "Oval_Face", "Pale_Skin", "Pointy_Nose", "Receding_Hairline", "Rosy_Cheeks", "Sideburns", "Smiling",
        "Straight_Hair", "Wavy_Hair", "Wearing_Earrings", "Wearing_Hat", "Wearing_Lipstick", "Wearing_Necklace",
        "Wearing_Necktie", "Young",
    ];

    /// <summary>A distinct colour per parsing class for overlays (background black).</summary>
    public static readonly (byte R, byte G, byte B)[] Palette =
    [
        (0, 0, 0), (204, 153, 119), (255, 140, 0), (128, 128, 128), (0, 128, 255), (0, 200, 255), (120, 60, 20), (160, 90, 40),
        (255, 0, 128), (255, 80, 170), (150, 0, 60), (230, 30, 60), (200, 0, 30), (90, 50, 30), (0, 140, 70), (255, 230, 0),
        (140, 255, 140), (240, 200, 170), (70, 70, 200),
    ];
}
