namespace ReasonRL.Core.Rl;

/// <summary>
/// The reward of one reasoning step, placed at the step's last token: <see cref="EndToken"/> is the index, within
/// the completion's tokens, of the token that ends the step (inclusive).
/// </summary>
public readonly record struct StepReward(int EndToken, double Reward);
