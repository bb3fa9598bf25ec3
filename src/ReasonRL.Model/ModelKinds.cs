namespace ReasonRL.Model;

/// <summary>Named model sizes, so that a teacher/student pair is one word each.</summary>
public enum ModelPreset
{
    /// <summary>For tests: d=32, 2 layers, 2 heads.</summary>
    Tiny,

    /// <summary>d=128, 4 layers, 2 heads of 64 (~0.8M parameters).</summary>
    Small,

    /// <summary>d=256, 6 layers, 4 heads of 64 (~4.8M parameters).</summary>
    Base,
}

/// <summary>Normalisation layer (YAML: <c>layernorm</c> | <c>rmsnorm</c>).</summary>
public enum NormKind
{
    Layernorm,
    Rmsnorm,
}

/// <summary>Position encoding (YAML: <c>learned</c> | <c>rope</c>).</summary>
public enum PositionKind
{
    Learned,
    Rope,
}

/// <summary>Feed-forward block (YAML: <c>gelu</c> | <c>swiglu</c>).</summary>
public enum MlpKind
{
    Gelu,
    Swiglu,
}
