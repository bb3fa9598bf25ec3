namespace ReasonRL.Model.Checkpoints;

/// <summary>The special token ids a <c>config.json</c> records (<c>bos_token_id</c>, <c>eos_token_id</c>, <c>pad_token_id</c>).</summary>
public readonly record struct TokenizerRoles(int Bos, int Eos, int Pad);
